import { status as GrpcCode } from '@grpc/grpc-js';
import type Docker from 'dockerode';
import type { Logger } from 'pino';
import { CriError } from './errors.js';
import { IpAllocator } from '../network/ip-allocator.js';
import { CONTAINER_TYPE, POD_IP, TYPE_SANDBOX } from './labels.js';
import { ownerFilter } from './owned-containers.js';
import type { ClusterNetwork } from './network.js';

/**
 * This node's pod IPs: an allocator over the pod CIDR that UpdateRuntimeConfig gives,
 * seeded with the addresses of the cluster's running sandboxes (their io.kubeling.pod-ip
 * label), so a restarted dockershim never hands out an address still in use.
 */
export class PodIps {
  private allocator: IpAllocator | undefined;

  constructor(
    private readonly docker: Docker,
    private readonly network: ClusterNetwork,
    private readonly owner: { clusterName: string; nodeName: string },
    private readonly log: Logger,
  ) {}

  get podCidr(): string | undefined {
    return this.allocator?.cidr;
  }

  async setPodCidr(cidr: string): Promise<void> {
    if (this.allocator?.cidr === cidr) return;
    const gateway = await this.network.ensure();
    let allocator: IpAllocator;
    try {
      allocator = new IpAllocator(cidr, [gateway]);
    } catch (err) {
      throw new CriError(GrpcCode.INVALID_ARGUMENT, (err as Error).message);
    }
    const recovered = await this.runningSandboxIps();
    for (const ip of recovered) allocator.reserve(ip);
    this.allocator = allocator;
    this.log.info({ podCIDR: cidr, recovered: recovered.length }, 'pod CIDR set');
  }

  allocate(): string {
    if (!this.allocator) throw new CriError(GrpcCode.FAILED_PRECONDITION, 'pod CIDR is not set yet (UpdateRuntimeConfig)');
    const ip = this.allocator.allocate();
    if (!ip) throw new CriError(GrpcCode.RESOURCE_EXHAUSTED, `no free IP address left in pod CIDR ${this.allocator.cidr}`);
    return ip;
  }

  release(ip: string | undefined): void {
    if (ip) this.allocator?.release(ip);
  }

  private async runningSandboxIps(): Promise<string[]> {
    const sandboxes = await this.docker.listContainers({
      filters: { label: ownerFilter(this.owner, `${CONTAINER_TYPE}=${TYPE_SANDBOX}`), status: ['running'] },
    });
    return sandboxes.map((s) => s.Labels?.[POD_IP]).filter((ip): ip is string => !!ip);
  }
}
