import type Docker from 'dockerode';
import {
  NamespaceMode,
  PodSandboxState,
  type PodSandbox,
  type PodSandboxFilter,
  type PodSandboxMetadata,
  type PodSandboxStatusResponse,
  type RunPodSandboxRequest,
} from '@kubeling/proto/cri';
import type { ShimContext } from './context.js';
import { sandboxStateOf } from './container-state.js';
import { CONTAINER_TYPE, POD_IP, POD_NAME, POD_NAMESPACE, POD_UID, SANDBOX_ID, TYPE_CONTAINER, attemptOf, createdAtOf, fromDockerLabels, matchesSelector, type Labels } from './labels.js';
import { createContainerNamed, inspectOwned, inspectOwnedIfExists, listOwned, removeQuietly, stopQuietly } from './owned-containers.js';
import { sandboxCreateOptions, validateSandboxConfig } from './sandbox-spec.js';
import { nowNanos, rfc3339ToNanos, secondsToNanos } from './timestamps.js';

/** How long a stopping sandbox's pause container gets for SIGTERM. */
const SANDBOX_STOP_SECONDS = 2;

const metadataOf = (labels: Labels | undefined): PodSandboxMetadata => ({
  name: labels?.[POD_NAME] ?? '',
  namespace: labels?.[POD_NAMESPACE] ?? '',
  uid: labels?.[POD_UID] ?? '',
  attempt: attemptOf(labels),
});

/** Pod sandboxes: pause containers on the cluster network, one per pod attempt. */
export class PodSandboxes {
  constructor(private readonly ctx: ShimContext) {}

  /** Creates and starts the pause container with a fresh IP; pulls nothing. */
  async run(req: RunPodSandboxRequest): Promise<string> {
    const config = req.config;
    validateSandboxConfig(config);
    await this.ctx.network.ensure();
    const ip = this.ctx.podIps.allocate();
    try {
      const id = await this.createAndStart(sandboxCreateOptions(config, { clusterName: this.ctx.clusterName, nodeName: this.ctx.nodeName, network: this.ctx.network.name, ip, createdAt: nowNanos() }));
      this.ctx.log.info({ pod: `${config.metadata.namespace}/${config.metadata.name}`, sandbox: id, ip }, 'pod sandbox started');
      return id;
    } catch (err) {
      this.ctx.podIps.release(ip);
      throw err;
    }
  }

  /** Stops every container of the pod, then the pause container; releases the IP. Idempotent. */
  async stop(id: string): Promise<void> {
    const info = await inspectOwnedIfExists(this.ctx, id, 'podsandbox');
    if (!info) return;
    await Promise.all((await this.containersOf(info.Id)).map((c) => stopQuietly(this.ctx, c.Id, 0)));
    await stopQuietly(this.ctx, info.Id, SANDBOX_STOP_SECONDS);
    // Only a sandbox that was running still held its IP (a stopped one gave it back).
    if (info.State.Running) this.ctx.podIps.release(info.Config.Labels?.[POD_IP]);
  }

  /** Removes the pod's containers and the pause container, forcibly. Idempotent. */
  async remove(id: string): Promise<void> {
    const info = await inspectOwnedIfExists(this.ctx, id, 'podsandbox');
    if (!info) return;
    for (const c of await this.containersOf(info.Id)) await removeQuietly(this.ctx, c.Id);
    await removeQuietly(this.ctx, info.Id);
    if (info.State.Running) this.ctx.podIps.release(info.Config.Labels?.[POD_IP]);
    this.ctx.log.info({ sandbox: info.Id }, 'pod sandbox removed');
  }

  async status(id: string): Promise<PodSandboxStatusResponse> {
    const info = await inspectOwned(this.ctx, id, 'podsandbox');
    const { labels, annotations } = fromDockerLabels(info.Config.Labels);
    const state = sandboxStateOf(info.State.Status);
    const ip = state === PodSandboxState.SANDBOX_READY ? (info.NetworkSettings.Networks?.[this.ctx.network.name]?.IPAddress || info.Config.Labels?.[POD_IP] || '') : '';
    return {
      status: {
        id: info.Id,
        metadata: metadataOf(info.Config.Labels),
        state,
        createdAt: createdAtOf(info.Config.Labels, rfc3339ToNanos(info.Created)),
        network: { ip, additionalIps: [] },
        linux: { namespaces: { options: { network: NamespaceMode.POD, pid: NamespaceMode.CONTAINER, ipc: NamespaceMode.POD, targetId: '' } } },
        labels,
        annotations,
        runtimeHandler: '',
      },
      info: {},
      containersStatuses: [],
      timestamp: nowNanos(),
    };
  }

  async list(filter: PodSandboxFilter | undefined): Promise<PodSandbox[]> {
    const all = await listOwned(this.ctx, 'podsandbox');
    return all
      .map((c): PodSandbox => {
        const { labels, annotations } = fromDockerLabels(c.Labels);
        return { id: c.Id, metadata: metadataOf(c.Labels), state: sandboxStateOf(c.State), createdAt: createdAtOf(c.Labels, secondsToNanos(c.Created)), labels, annotations, runtimeHandler: '' };
      })
      .filter((s) => (!filter?.id || s.id.startsWith(filter.id)) && (!filter?.state || s.state === filter.state.state) && matchesSelector(s.labels, filter?.labelSelector));
  }

  private async createAndStart(options: Docker.ContainerCreateOptions): Promise<string> {
    const container = await createContainerNamed(this.ctx.docker, options);
    try {
      await container.start();
    } catch (err) {
      await container.remove({ force: true }).catch(() => undefined);
      throw err;
    }
    return container.id;
  }

  private containersOf(sandboxId: string): Promise<Docker.ContainerInfo[]> {
    return this.ctx.docker.listContainers({ all: true, filters: { label: [`${SANDBOX_ID}=${sandboxId}`, `${CONTAINER_TYPE}=${TYPE_CONTAINER}`] } });
  }
}
