// Fake pod IPs for hollow nodes: each node owns a /24 derived from its index, as a node's
// podCIDR would be, so that every pod in the cluster gets a distinct, plausible address.
// Nothing ever listens on them: they only fill in status.podIP.

/** The second octet of node 0's range: clear of the default service range (10.96.0.0/16) and of each other. */
const FIRST_OCTET2 = 128;

/** How many nodes can have a distinct /24 under 10.128.0.0/9. */
export const MAX_HOLLOW_NODES = (256 - FIRST_OCTET2) * 256;

/** The /24 of node `index`: 10.128.0.0/24 for node 0, 10.128.1.0/24 for node 1, 10.129.0.0/24 for node 256. */
export function podCidr(index: number): string {
  if (!Number.isInteger(index) || index < 0 || index >= MAX_HOLLOW_NODES) throw new RangeError(`node index ${index} is outside 0..${MAX_HOLLOW_NODES - 1}`);
  return `10.${FIRST_OCTET2 + (index >> 8)}.${index & 255}.0/24`;
}

/**
 * The addresses of one node's /24 (.1 to .254), handed out round-robin after the last one
 * given, as host-local IPAM does: a released address is not reused at once, so a pod's
 * old IP does not show up on a new pod while something may still remember it.
 */
export class PodIpAllocator {
  private readonly prefix: string;
  private readonly inUse = new Set<number>();
  private last = 0;

  constructor(nodeIndex: number) {
    this.prefix = podCidr(nodeIndex).replace(/\.0\/24$/, '.');
  }

  /** A free address, or undefined when all 254 are taken. */
  allocate(): string | undefined {
    for (let step = 1; step <= 254; step++) {
      const host = ((this.last + step - 1) % 254) + 1;
      if (this.inUse.has(host)) continue;
      this.inUse.add(host);
      this.last = host;
      return this.prefix + host;
    }
    return undefined;
  }

  /** Marks an address found on an existing pod as taken; false if it is not in this node's range. */
  reserve(ip: string): boolean {
    const host = this.hostOf(ip);
    if (host === undefined) return false;
    this.inUse.add(host);
    return true;
  }

  release(ip: string): void {
    const host = this.hostOf(ip);
    if (host !== undefined) this.inUse.delete(host);
  }

  private hostOf(ip: string): number | undefined {
    if (!ip.startsWith(this.prefix)) return undefined;
    const rest = ip.slice(this.prefix.length);
    const host = Number(rest);
    return /^\d{1,3}$/.test(rest) && host >= 1 && host <= 254 ? host : undefined;
  }
}
