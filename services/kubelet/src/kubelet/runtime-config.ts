// The CRI configs of a pod's sandbox and containers, from the pod package's builders with what
// only the kubelet knows: its root dir, its node, the pod's IPs, the pulled image.
import { join } from 'node:path';
import type { Container, Pod } from 'kubernetes-types/core/v1.js';
import type { ContainerConfig, Mount, PodSandboxConfig } from '@kubeling/proto/cri';
import { buildContainerConfig } from '../pod/container-config.js';
import type { ObjectSource } from '../pod/object-source.js';
import type { ResourceList } from '../pod/quantity-values.js';
import { buildSandboxConfig } from '../pod/sandbox-config.js';
import { podContainerDir } from '../pod/volumes/paths.js';

export interface RuntimeConfigOptions {
  rootDir: string;
  nodeName: string;
  hostIP: string;
  objects: ObjectSource;
  nodeAllocatable: ResourceList;
  /** A container's volume mounts, once its pod's volumes are set up. */
  mountsFor(pod: Pod, container: Container): Mount[];
}

/** Where a pod's container logs go: <root>/logs/<ns>_<pod>_<uid>. */
export function podLogDirectory(rootDir: string, pod: Pod): string {
  const m = pod.metadata!;
  return join(rootDir, 'logs', `${m.namespace}_${m.name}_${m.uid}`);
}

export class RuntimeConfigs {
  constructor(private readonly options: RuntimeConfigOptions) {}

  sandbox(pod: Pod, attempt: number): PodSandboxConfig {
    return buildSandboxConfig(pod, { logDirectory: podLogDirectory(this.options.rootDir, pod), attempt });
  }

  /** Throws CreateContainerConfigError when the spec's references cannot be resolved. */
  container(pod: Pod, container: Container, run: { attempt: number; podIP?: string; imageRef: string }): Promise<ContainerConfig> {
    const { rootDir, nodeName, hostIP, objects, nodeAllocatable } = this.options;
    return buildContainerConfig(pod, container, {
      attempt: run.attempt,
      podIP: run.podIP,
      hostIP,
      nodeName,
      serviceAccountName: pod.spec?.serviceAccountName,
      mounts: this.options.mountsFor(pod, container),
      logPath: join(container.name, `${run.attempt}.log`),
      env: objects,
      nodeAllocatable,
      imageRef: run.imageRef,
      podContainerDir: podContainerDir(rootDir, pod.metadata!.uid!, container.name),
    });
  }
}
