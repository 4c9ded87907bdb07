import type Docker from 'dockerode';
import type {
  Container,
  ContainerFilter,
  ContainerStatusResponse,
  CreateContainerRequest,
  ExecSyncRequest,
  ExecSyncResponse,
  Mount,
} from '@kubeling/proto/cri';
import { MountPropagation } from '@kubeling/proto/cri';
import type { ShimContext } from './context.js';
import { containerCreateOptions, validateContainerConfig } from './container-spec.js';
import { containerStateOf, mapContainerState } from './container-state.js';
import { execSync } from './exec-sync.js';
import { isDockerNotModified } from './errors.js';
import { CONTAINER_NAME, LOG_DIRECTORY, LOG_PATH, SANDBOX_ID, attemptOf, createdAtOf, fromDockerLabels, matchesSelector, type Labels } from './labels.js';
import { createContainerNamed, inspectOwned, inspectOwnedIfExists, listOwned, removeQuietly, stopQuietly } from './owned-containers.js';
import { nowNanos, rfc3339ToNanos, secondsToNanos } from './timestamps.js';

const metadataOf = (labels: Labels | undefined) => ({ name: labels?.[CONTAINER_NAME] ?? '', attempt: attemptOf(labels) });

/** Mounts as Docker reports them: binds, and the tmpfs mounts of the create call. */
function mountsOf(info: Docker.ContainerInspectInfo): Mount[] {
  const binds = (info.Mounts ?? [])
    .filter((m) => m.Type === 'bind')
    .map((m): Mount => ({ containerPath: m.Destination, hostPath: m.Source, readonly: !m.RW, selinuxRelabel: false, propagation: MountPropagation.PROPAGATION_PRIVATE, tmpfs: false, tmpfsSizeBytes: 0n }));
  const tmpfs = Object.entries((info.HostConfig as { Tmpfs?: Record<string, string> }).Tmpfs ?? {}).map(([path, opts]): Mount => {
    const size = /(?:^|,)size=(\d+)/.exec(opts)?.[1];
    return { containerPath: path, hostPath: '', readonly: /(?:^|,)ro(?:,|$)/.test(opts), selinuxRelabel: false, propagation: MountPropagation.PROPAGATION_PRIVATE, tmpfs: true, tmpfsSizeBytes: BigInt(size ?? 0) };
  });
  return [...binds, ...tmpfs];
}

/** App containers of pods: created into a sandbox's namespaces, with their logs copied to log_path. */
export class Containers {
  constructor(private readonly ctx: ShimContext) {}

  async create(req: CreateContainerRequest): Promise<string> {
    const config = req.config;
    validateContainerConfig(config);
    const sandbox = await inspectOwned(this.ctx, req.podSandboxId, 'podsandbox');
    const labels = sandbox.Config.Labels ?? {};
    const options = containerCreateOptions(
      config,
      { clusterName: this.ctx.clusterName, nodeName: this.ctx.nodeName, sandboxId: sandbox.Id, sandboxLabels: labels, logDirectory: labels[LOG_DIRECTORY] ?? '', createdAt: nowNanos() },
      req.sandboxConfig,
    );
    const container = await createContainerNamed(this.ctx.docker, options);
    this.ctx.log.info({ sandbox: sandbox.Id, container: container.id, name: config.metadata.name }, 'container created');
    return container.id;
  }

  async start(id: string): Promise<void> {
    const info = await inspectOwned(this.ctx, id, 'container');
    try {
      await this.ctx.docker.getContainer(info.Id).start();
    } catch (err) {
      if (!isDockerNotModified(err)) throw err;
    }
    await this.ctx.logs.follow(info.Id, info.Config.Labels?.[LOG_PATH] ?? '');
  }

  /** SIGTERM, then SIGKILL after `timeoutSeconds`; a stopped container is fine. */
  async stop(id: string, timeoutSeconds: number): Promise<void> {
    const info = await inspectOwned(this.ctx, id, 'container');
    await stopQuietly(this.ctx, info.Id, Math.max(0, timeoutSeconds));
  }

  /** Idempotent: an unknown container is not an error. */
  async remove(id: string): Promise<void> {
    const info = await inspectOwnedIfExists(this.ctx, id, 'container');
    if (info) await removeQuietly(this.ctx, info.Id);
  }

  async list(filter: ContainerFilter | undefined): Promise<Container[]> {
    const all = await listOwned(this.ctx, 'container');
    return all
      .map((c): Container => {
        const { labels, annotations } = fromDockerLabels(c.Labels);
        return {
          id: c.Id,
          podSandboxId: c.Labels?.[SANDBOX_ID] ?? '',
          metadata: metadataOf(c.Labels),
          image: { image: c.Image, annotations: {}, userSpecifiedImage: c.Image },
          imageRef: c.ImageID,
          imageId: c.ImageID,
          state: containerStateOf(c.State),
          createdAt: createdAtOf(c.Labels, secondsToNanos(c.Created)),
          labels,
          annotations,
        };
      })
      .filter(
        (c) =>
          (!filter?.id || c.id.startsWith(filter.id)) &&
          (!filter?.state || c.state === filter.state.state) &&
          (!filter?.podSandboxId || c.podSandboxId.startsWith(filter.podSandboxId)) &&
          matchesSelector(c.labels, filter?.labelSelector),
      );
  }

  async status(id: string): Promise<ContainerStatusResponse> {
    const info = await inspectOwned(this.ctx, id, 'container');
    const { labels, annotations } = fromDockerLabels(info.Config.Labels);
    const createdAt = createdAtOf(info.Config.Labels, rfc3339ToNanos(info.Created));
    const state = mapContainerState(info.State, createdAt);
    const host = info.HostConfig;
    return {
      status: {
        id: info.Id,
        metadata: metadataOf(info.Config.Labels),
        ...state,
        createdAt,
        image: { image: info.Config.Image, annotations: {}, userSpecifiedImage: info.Config.Image },
        imageRef: info.Image,
        imageId: info.Image,
        labels,
        annotations,
        mounts: mountsOf(info),
        logPath: info.Config.Labels?.[LOG_PATH] ?? '',
        resources: {
          linux: {
            cpuPeriod: BigInt(host.CpuPeriod ?? 0),
            cpuQuota: BigInt(host.CpuQuota ?? 0),
            cpuShares: BigInt(host.CpuShares ?? 0),
            memoryLimitInBytes: BigInt(host.Memory ?? 0),
            oomScoreAdj: BigInt((host as { OomScoreAdj?: number }).OomScoreAdj ?? 0),
            cpusetCpus: host.CpusetCpus ?? '',
            cpusetMems: host.CpusetMems ?? '',
          },
        },
      },
      info: {},
    };
  }

  async execSync(req: ExecSyncRequest): Promise<ExecSyncResponse> {
    const info = await inspectOwned(this.ctx, req.containerId, 'container');
    return execSync(this.ctx.docker.getContainer(info.Id), req.cmd, Number(req.timeout));
  }
}
