// Pod IPs from a node's pod CIDR, handed out round-robin after the last one given, as
// host-local IPAM does: a released address is not reused at once, so a pod's old IP does not
// show up on a new pod while something may still remember it. The Docker runtime and the
// hollow nodes both hand out addresses with it.

const toInt = (ip: string): number | undefined => {
  const parts = ip.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return undefined;
  return parts.reduce((acc, p) => acc * 256 + Number(p), 0);
};
const toIp = (n: number): string => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');

/** Network address and size of an IPv4 CIDR; undefined when it is not one. */
export function parseCidr(cidr: string): { base: number; size: number } | undefined {
  const [ip, bits, extra] = cidr.split('/');
  const addr = toInt(ip ?? '');
  const prefix = Number(bits);
  if (addr === undefined || extra !== undefined || !/^\d{1,2}$/.test(bits ?? '') || prefix > 30) return undefined;
  const size = 2 ** (32 - prefix);
  return { base: addr - (addr % size), size };
}

export const cidrContains = (cidr: string, ip: string): boolean => {
  const range = parseCidr(cidr);
  const n = toInt(ip);
  return range !== undefined && n !== undefined && n >= range.base && n < range.base + range.size;
};

export class IpAllocator {
  private readonly base: number;
  private readonly size: number;
  private readonly inUse = new Set<number>();
  private last = 0;

  /** `excluded`: addresses never handed out (the Docker network's gateway). */
  constructor(
    readonly cidr: string,
    excluded: string[] = [],
  ) {
    const range = parseCidr(cidr);
    if (!range) throw new RangeError(`invalid IPv4 pod CIDR ${JSON.stringify(cidr)}`);
    this.base = range.base;
    this.size = range.size;
    for (const ip of excluded) this.reserve(ip);
  }

  /** A free address, or undefined when the range is exhausted. */
  allocate(): string | undefined {
    const hosts = this.size - 2;
    for (let step = 1; step <= hosts; step++) {
      const host = ((this.last + step - 1) % hosts) + 1;
      if (this.inUse.has(host)) continue;
      this.inUse.add(host);
      this.last = host;
      return toIp(this.base + host);
    }
    return undefined;
  }

  /** Marks an address (found on an existing sandbox) as taken; false if outside the range. */
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

  isAllocated(ip: string): boolean {
    const host = this.hostOf(ip);
    return host !== undefined && this.inUse.has(host);
  }

  private hostOf(ip: string): number | undefined {
    const n = toInt(ip);
    if (n === undefined) return undefined;
    const host = n - this.base;
    return host >= 1 && host < this.size - 1 ? host : undefined;
  }
}
