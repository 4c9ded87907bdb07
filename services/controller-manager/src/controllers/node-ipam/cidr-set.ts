// The pod subnets of a cluster CIDR (nodeipam's cidrset): a cluster CIDR such as 10.244.0.0/16
// cut into /24s, each handed to at most one node, the next search starting after the last one
// given so that a released subnet is not reused at once.

export class CidrError extends Error {}

function parseIPv4(text: string): number {
  const parts = text.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) throw new CidrError(`invalid IPv4 address "${text}"`);
  return parts.reduce((n, p) => n * 256 + Number(p), 0);
}

const formatIPv4 = (n: number) => [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');

/** A CIDR's network address (as a number) and prefix length; the address must be the network's. */
export function parseCidr(text: string): { base: number; prefix: number } {
  const match = /^([^/]+)\/(\d{1,2})$/.exec(text);
  if (!match || Number(match[2]) > 32) throw new CidrError(`invalid CIDR "${text}"`);
  const base = parseIPv4(match[1]!);
  const prefix = Number(match[2]);
  if (base % 2 ** (32 - prefix) !== 0) throw new CidrError(`invalid CIDR "${text}": host bits are set`);
  return { base, prefix };
}

export class CidrSet {
  private readonly base: number;
  private readonly subnetSize: number;
  private readonly used: Uint8Array;
  private next = 0;
  private allocated = 0;

  constructor(
    readonly clusterCidr: string,
    readonly subnetPrefix = 24,
  ) {
    const { base, prefix } = parseCidr(clusterCidr);
    if (subnetPrefix < prefix || subnetPrefix > 32) throw new CidrError(`a /${subnetPrefix} subnet does not fit cluster CIDR ${clusterCidr}`);
    this.base = base;
    this.subnetSize = 2 ** (32 - subnetPrefix);
    this.used = new Uint8Array(2 ** (subnetPrefix - prefix));
  }

  get free(): number {
    return this.used.length - this.allocated;
  }

  /** The next free subnet; a CidrError when every one is taken (Kubernetes: "CIDR allocation failed"). */
  allocateNext(): string {
    for (let i = 0; i < this.used.length; i++) {
      const candidate = (this.next + i) % this.used.length;
      if (this.used[candidate]) continue;
      this.used[candidate] = 1;
      this.allocated++;
      this.next = (candidate + 1) % this.used.length;
      return this.format(candidate);
    }
    throw new CidrError('no remaining CIDRs to allocate in the cluster CIDR');
  }

  /** Marks a subnet some node already has as taken (after a restart); one outside the cluster CIDR is an error. */
  occupy(cidr: string): void {
    const index = this.indexOf(cidr);
    if (this.used[index]) return;
    this.used[index] = 1;
    this.allocated++;
  }

  release(cidr: string): void {
    const index = this.indexOf(cidr);
    if (!this.used[index]) return;
    this.used[index] = 0;
    this.allocated--;
  }

  private indexOf(cidr: string): number {
    const { base, prefix } = parseCidr(cidr);
    const index = (base - this.base) / this.subnetSize;
    if (prefix !== this.subnetPrefix || !Number.isInteger(index) || index < 0 || index >= this.used.length) {
      throw new CidrError(`CIDR ${cidr} is not a /${this.subnetPrefix} of the cluster CIDR ${this.clusterCidr}`);
    }
    return index;
  }

  private format(index: number): string {
    return `${formatIPv4(this.base + index * this.subnetSize)}/${this.subnetPrefix}`;
  }
}
