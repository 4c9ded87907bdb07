import { isAbsolute, join } from 'node:path';
import type Docker from 'dockerode';
import type { ContainerConfig, LinuxContainerSecurityContext, Mount, PodSandboxConfig } from '@kubeling/proto/cri';
import { invalidArgument } from './errors.js';
import { ATTEMPT, CLUSTER, CONTAINER_NAME, CONTAINER_TYPE, CREATED_AT, LOG_PATH, NODE, POD_NAME, POD_NAMESPACE, POD_UID, SANDBOX_ID, TYPE_CONTAINER, toDockerLabels, type Labels } from './labels.js';
import { dockerName } from './owned-containers.js';

export interface ContainerPlacement {
  clusterName: string;
  nodeName: string;
  sandboxId: string;
  /** The sandbox's Docker labels (pod name, namespace, uid). */
  sandboxLabels: Labels;
  /** The sandbox's log directory, when the sandbox config is not passed again. */
  logDirectory: string;
  createdAt: bigint;
}

type ValidConfig = ContainerConfig & { metadata: NonNullable<ContainerConfig['metadata']>; image: NonNullable<ContainerConfig['image']> };

export function validateContainerConfig(config: ContainerConfig | undefined): asserts config is ValidConfig {
  if (!config?.metadata?.name) throw invalidArgument('container config needs metadata.name');
  if (!config.image?.image) throw invalidArgument(`container ${config.metadata.name}: config needs image.image`);
  for (const m of config.mounts) validateMount(config.metadata.name, m);
}

function validateMount(container: string, m: Mount): void {
  if (!isAbsolute(m.containerPath)) throw invalidArgument(`container ${container}: mount path ${JSON.stringify(m.containerPath)} is not absolute`);
  if (m.tmpfs) {
    if (m.hostPath) throw invalidArgument(`container ${container}: tmpfs mount at ${m.containerPath} must not have a host path`);
  } else if (!isAbsolute(m.hostPath)) {
    throw invalidArgument(`container ${container}: mount at ${m.containerPath} needs an absolute host path (or tmpfs)`);
  }
}

/** The absolute log path (CRI: log_path is relative to the sandbox's log_directory); '' when there is none. */
export function absoluteLogPath(config: ContainerConfig, logDirectory: string): string {
  if (!config.logPath) return '';
  return isAbsolute(config.logPath) ? config.logPath : logDirectory ? join(logDirectory, config.logPath) : '';
}

/** Docker's `--user`: the name, else uid[:gid]. */
function userOf(sc: LinuxContainerSecurityContext | undefined): string | undefined {
  if (sc?.runAsUsername) return sc.runAsUsername;
  if (!sc?.runAsUser) return undefined;
  return sc.runAsGroup ? `${sc.runAsUser.value}:${sc.runAsGroup.value}` : String(sc.runAsUser.value);
}

const bindOf = (m: Mount) => `${m.hostPath}:${m.containerPath}${m.readonly ? ':ro' : ''}`;
const tmpfsOptions = (m: Mount) => [m.readonly ? 'ro' : 'rw', ...(m.tmpfsSizeBytes > 0n ? [`size=${m.tmpfsSizeBytes}`] : [])].join(',');
const positive = (n: bigint) => (n > 0n ? Number(n) : undefined);

/**
 * The Docker container of a CRI container: in the sandbox's network and IPC namespaces,
 * with the command, env, mounts (binds, and tmpfs for Mount.tmpfs), user and limits;
 * annotations stored as `annotation.`-prefixed labels.
 */
export function containerCreateOptions(config: ValidConfig, placement: ContainerPlacement, sandboxConfig?: PodSandboxConfig): Docker.ContainerCreateOptions {
  const m = config.metadata;
  const pod = placement.sandboxLabels;
  const resources = config.linux?.resources;
  const sc = config.linux?.securityContext;
  const tmpfs = Object.fromEntries(config.mounts.filter((mt) => mt.tmpfs).map((mt) => [mt.containerPath, tmpfsOptions(mt)]));
  const memory = positive(resources?.memoryLimitInBytes ?? 0n);
  return {
    name: dockerName([m.name, pod[POD_NAME] ?? '', pod[POD_NAMESPACE] ?? '', pod[POD_UID] ?? '', m.attempt]),
    Image: config.image.image,
    Entrypoint: config.command.length ? config.command : undefined,
    Cmd: config.args.length ? config.args : undefined,
    WorkingDir: config.workingDir || undefined,
    Env: config.envs.map((e) => `${e.key}=${e.value}`),
    User: userOf(sc),
    Tty: config.tty,
    OpenStdin: config.stdin,
    StdinOnce: config.stdinOnce,
    Labels: toDockerLabels(
      { ...config.labels, [POD_NAME]: pod[POD_NAME] ?? '', [POD_NAMESPACE]: pod[POD_NAMESPACE] ?? '', [POD_UID]: pod[POD_UID] ?? '', [CONTAINER_NAME]: m.name },
      config.annotations,
      {
        [CONTAINER_TYPE]: TYPE_CONTAINER,
        [CLUSTER]: placement.clusterName,
        [NODE]: placement.nodeName,
        [SANDBOX_ID]: placement.sandboxId,
        [ATTEMPT]: String(m.attempt),
        [LOG_PATH]: absoluteLogPath(config, sandboxConfig?.logDirectory || placement.logDirectory),
        [CREATED_AT]: String(placement.createdAt),
      },
    ),
    HostConfig: {
      NetworkMode: `container:${placement.sandboxId}`,
      IpcMode: `container:${placement.sandboxId}`,
      Binds: config.mounts.filter((mt) => !mt.tmpfs).map(bindOf),
      Tmpfs: Object.keys(tmpfs).length ? tmpfs : undefined,
      Memory: memory,
      // No swap beyond the limit, as dockershim: the limit is the limit.
      MemorySwap: memory,
      CpuShares: positive(resources?.cpuShares ?? 0n),
      CpuQuota: positive(resources?.cpuQuota ?? 0n),
      CpuPeriod: positive(resources?.cpuPeriod ?? 0n),
      OomScoreAdj: resources?.oomScoreAdj ? Number(resources.oomScoreAdj) : undefined,
      CpusetCpus: resources?.cpusetCpus || undefined,
      CpusetMems: resources?.cpusetMems || undefined,
      Devices: config.devices.map((d) => ({ PathOnHost: d.hostPath, PathInContainer: d.containerPath, CgroupPermissions: d.permissions || 'rwm' })),
      Privileged: sc?.privileged || undefined,
      ReadonlyRootfs: sc?.readonlyRootfs || undefined,
      GroupAdd: sc?.supplementalGroups.length ? sc.supplementalGroups.map(String) : undefined,
      CgroupParent: sandboxConfig?.linux?.cgroupParent || undefined,
    },
  };
}
