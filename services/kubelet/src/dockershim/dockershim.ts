import { isAbsolute } from 'node:path';
import Docker from 'dockerode';
import type { Logger } from 'pino';
import type { ShimContext } from './context.js';
import { dockerMessage } from './errors.js';
import { imageService } from './image-service.js';
import { LOG_PATH } from './labels.js';
import { ContainerLogs } from './logs.js';
import { ClusterNetwork } from './network.js';
import { listOwned } from './owned-containers.js';
import { PodIps } from './pod-ips.js';
import { runtimeService } from './runtime-service.js';
import { serveCri } from './server.js';

export interface DockershimOptions {
  /** Absolute path of the unix socket to serve CRI on. */
  socketPath: string;
  /** Value of the io.kubeling.cluster label on everything this dockershim creates. */
  clusterName: string;
  /** The node this runtime serves (io.kubeling.node label); several nodes may share one Docker engine. */
  nodeName?: string;
  /** The cluster's Docker network name. */
  network: string;
  /** Its subnet: the cluster CIDR. */
  networkSubnet: string;
  logger: Logger;
  /** The Docker engine; the local one (DOCKER_HOST or /var/run/docker.sock) by default. */
  docker?: Docker;
}

/** The node label of a runtime started without a node name (a lone runtime, as in its tests). */
const DEFAULT_NODE = 'node';

export interface Dockershim {
  stop(): Promise<void>;
}

/** Resumes the log copies of the cluster's containers (a restarted dockershim). */
async function resumeLogCopies(ctx: ShimContext): Promise<void> {
  for (const c of await listOwned(ctx, 'container')) {
    const path = c.Labels?.[LOG_PATH];
    if (path) await ctx.logs.follow(c.Id, path).catch((err) => ctx.log.warn({ container: c.Id, err: dockerMessage(err) }, 'cannot resume log copy'));
  }
}

/**
 * Starts the Docker CRI runtime on `socketPath`. Docker need not be up: calls then fail
 * with Unavailable and Status reports RuntimeReady=false until it answers.
 */
export async function startDockershim(options: DockershimOptions): Promise<Dockershim> {
  if (!isAbsolute(options.socketPath)) throw new Error(`dockershim socket path must be absolute: ${options.socketPath}`);
  const log = options.logger.child({ component: 'dockershim' });
  const docker = options.docker ?? new Docker();
  const network = new ClusterNetwork(docker, options.network, options.networkSubnet, options.clusterName, log);
  const logs = new ContainerLogs(docker, log);
  const owner = { clusterName: options.clusterName, nodeName: options.nodeName ?? DEFAULT_NODE };
  const ctx: ShimContext = { docker, ...owner, network, podIps: new PodIps(docker, network, owner, log), logs, log };
  try {
    await network.ensure();
    await resumeLogCopies(ctx);
  } catch (err) {
    log.warn({ err: dockerMessage(err) }, 'docker not ready at start');
  }
  const server = await serveCri(options.socketPath, runtimeService(ctx), imageService(docker, log));
  log.info({ socket: options.socketPath, network: options.network }, 'dockershim serving');
  return {
    stop: async () => {
      await server.stop();
      await logs.stopAll();
    },
  };
}
