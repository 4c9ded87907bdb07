// A container of a pod as a CRI ContainerConfig (kuberuntime generateContainerConfig with the
// kubelet's GenerateRunContainerOptions): environment, expanded command and args, mounts,
// resources, security settings, labels and annotations.
import { randomUUID } from 'node:crypto';
import { mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';
import type { Container, Pod } from 'kubernetes-types/core/v1.js';
import type { ContainerConfig, KeyValue, Mount } from '@kubeling/proto/cri';
import { CreateContainerConfigError } from './errors.js';
import { makeEnvironmentVariables } from './environment.js';
import { expand, mappingFor } from './expansion.js';
import { linuxContainerResources } from './linux-resources.js';
import type { ObjectSource } from './object-source.js';
import type { ResourceList } from './quantity-values.js';
import { containerAnnotations, containerLabels } from './runtime-labels.js';
import { linuxContainerSecurityContext } from './security-context.js';
import { hostMount } from './volumes/mounts.js';

/** Where the kubelet reads the ConfigMaps and Secrets a container's environment refers to. */
export type EnvSource = ObjectSource;

export interface ContainerContext {
  /** The restart count: metadata.attempt and the log file name. */
  attempt: number;
  podIP?: string;
  /** All pod IPs (status.podIPs); defaults to [podIP]. */
  podIPs?: string[];
  hostIP?: string;
  hostIPs?: string[];
  nodeName: string;
  serviceAccountName?: string;
  /** The container's volume mounts (VolumeManager.mountsFor). */
  mounts: Mount[];
  /** Relative to the sandbox's log_directory: `<container>/<attempt>.log`. */
  logPath: string;
  env: EnvSource;
  /** The node's allocatable resources: what resourceFieldRef reports for limits the container does not set. */
  nodeAllocatable?: ResourceList;
  /** The image to run (the pulled image's reference); defaults to container.image. */
  imageRef?: string;
  /**
   * The container's directory under the pod's (podContainerDir()); when given and the container has a
   * terminationMessagePath, a fresh file there is mounted at that path, as kuberuntime does.
   */
  podContainerDir?: string;
  /** A warning event about the pod (reason, message). */
  onWarning?(reason: string, message: string): void;
}

/** kubecontainer.ExpandContainerCommandAndArgs. */
function expandAll(values: readonly string[] | undefined, env: ReadonlyMap<string, string>): string[] {
  const mapping = mappingFor(env);
  return (values ?? []).map((value) => expand(value, mapping));
}

/** The file the container writes its termination message to, created world-writable as kuberuntime does. */
async function terminationMessageMount(container: Container, podContainerDir: string | undefined): Promise<Mount[]> {
  if (podContainerDir === undefined || !container.terminationMessagePath) return [];
  await mkdir(podContainerDir, { recursive: true, mode: 0o750 });
  const hostPath = join(podContainerDir, randomUUID().slice(0, 8));
  const file = await open(hostPath, 'w');
  await file.chmod(0o666);
  await file.close();
  return [hostMount({ hostPath, containerPath: container.terminationMessagePath, readonly: false, selinuxRelabel: false })];
}

async function environment(pod: Pod, container: Container, context: ContainerContext): Promise<Map<string, string>> {
  const podIPs = context.podIPs ?? (context.podIP ? [context.podIP] : []);
  const hostIPs = context.hostIPs ?? (context.hostIP ? [context.hostIP] : []);
  return makeEnvironmentVariables(pod, container, {
    nodeName: context.nodeName,
    serviceAccountName: context.serviceAccountName,
    podIPs,
    hostIPs,
    objects: context.env,
    nodeAllocatable: context.nodeAllocatable ?? {},
    onWarning: context.onWarning,
  });
}

/** Failures of the spec's references become CreateContainerConfigError with their own message. */
function asConfigError(error: unknown): CreateContainerConfigError {
  if (error instanceof CreateContainerConfigError) return error;
  return new CreateContainerConfigError(error instanceof Error ? error.message : String(error), { cause: error });
}

export async function buildContainerConfig(pod: Pod, container: Container, context: ContainerContext): Promise<ContainerConfig> {
  let env: Map<string, string>;
  try {
    env = await environment(pod, container, context);
  } catch (error) {
    throw asConfigError(error);
  }
  const envs: KeyValue[] = [...env].map(([key, value]) => ({ key, value }));
  return {
    metadata: { name: container.name, attempt: context.attempt },
    image: { image: context.imageRef ?? container.image ?? '', annotations: {}, userSpecifiedImage: container.image ?? '' },
    command: expandAll(container.command, env),
    args: expandAll(container.args, env),
    workingDir: container.workingDir ?? '',
    envs,
    mounts: [...context.mounts, ...(await terminationMessageMount(container, context.podContainerDir))],
    devices: [],
    labels: containerLabels(pod, container),
    annotations: containerAnnotations(pod, container, context.attempt),
    logPath: context.logPath,
    stdin: container.stdin ?? false,
    stdinOnce: container.stdinOnce ?? false,
    tty: container.tty ?? false,
    linux: { resources: linuxContainerResources(container), securityContext: linuxContainerSecurityContext(pod, container) },
  };
}
