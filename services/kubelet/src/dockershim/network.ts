import type Docker from 'dockerode';
import type { Logger } from 'pino';
import { isDockerConflict, isDockerNotFound } from './errors.js';
import { parseCidr } from '../network/ip-allocator.js';
import { CLUSTER } from './labels.js';

interface NetworkInfo {
  IPAM?: { Config?: Array<{ Subnet?: string; Gateway?: string }> };
}

/** The gateway Docker gives a network: the one it reports, else the subnet's first host. */
function gatewayOf(info: NetworkInfo, subnet: string): string {
  const reported = info.IPAM?.Config?.find((c) => c.Gateway)?.Gateway;
  if (reported) return reported;
  const base = parseCidr(subnet)?.base ?? 0;
  const gw = base + 1;
  return [gw >>> 24, (gw >>> 16) & 255, (gw >>> 8) & 255, gw & 255].join('.');
}

/**
 * The cluster's Docker bridge network (subnet = the cluster CIDR), created on first use
 * when missing; later calls reuse the first success, so a dockershim started while Docker
 * is down gets its network once Docker answers.
 */
export class ClusterNetwork {
  private gateway: string | undefined;

  constructor(
    private readonly docker: Docker,
    readonly name: string,
    readonly subnet: string,
    private readonly clusterName: string,
    private readonly log: Logger,
  ) {}

  get ready(): boolean {
    return this.gateway !== undefined;
  }

  /** Makes sure the network exists; resolves to its gateway address. */
  async ensure(): Promise<string> {
    if (this.gateway) return this.gateway;
    const info = (await this.inspect()) ?? (await this.create());
    const subnets = info.IPAM?.Config?.map((c) => c.Subnet) ?? [];
    if (!subnets.includes(this.subnet)) this.log.warn({ network: this.name, subnets, want: this.subnet }, 'docker network exists with another subnet; using it');
    this.gateway = gatewayOf(info, this.subnet);
    return this.gateway;
  }

  private async inspect(): Promise<NetworkInfo | undefined> {
    try {
      return (await this.docker.getNetwork(this.name).inspect()) as NetworkInfo;
    } catch (err) {
      if (isDockerNotFound(err)) return undefined;
      throw err;
    }
  }

  private async create(): Promise<NetworkInfo> {
    try {
      await this.docker.createNetwork({
        Name: this.name,
        Driver: 'bridge',
        CheckDuplicate: true,
        IPAM: { Driver: 'default', Config: [{ Subnet: this.subnet }] },
        Labels: { [CLUSTER]: this.clusterName },
      });
      this.log.info({ network: this.name, subnet: this.subnet }, 'created docker network');
    } catch (err) {
      if (!isDockerConflict(err)) throw err;
    }
    const info = await this.inspect();
    if (!info) throw new Error(`docker network ${this.name} vanished after creation`);
    return info;
  }
}
