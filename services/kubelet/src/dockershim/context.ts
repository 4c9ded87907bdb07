import type Docker from 'dockerode';
import type { Logger } from 'pino';
import type { ContainerLogs } from './logs.js';
import type { ClusterNetwork } from './network.js';
import type { PodIps } from './pod-ips.js';

/** What every dockershim service works with. */
export interface ShimContext {
  docker: Docker;
  clusterName: string;
  /** The io.kubeling.node label: this runtime sees only its own node's sandboxes and containers. */
  nodeName: string;
  network: ClusterNetwork;
  podIps: PodIps;
  logs: ContainerLogs;
  log: Logger;
}
