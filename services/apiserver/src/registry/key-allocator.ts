import { Compare_CompareResult, Compare_CompareTarget } from '@kubeling/proto/etcd';
import { compare, prefixEnd, requestOp, txnRequest, type EtcdClient } from '@kubeling/etcd-client';

/**
 * Hands out values (IPs, ports) from a range, each recorded as one key in the store
 * (`<prefix><value>` → owner), created only if absent: two apiservers can never hand out
 * the same value, and a value is free again once its key is deleted.
 */
export class KeyAllocator {
  constructor(
    private readonly etcd: EtcdClient,
    private readonly prefix: string,
    /** Every value of the range, in the order to try them from a random start. */
    private readonly values: readonly string[],
  ) {}

  get size(): number {
    return this.values.length;
  }

  has(value: string): boolean {
    return this.values.includes(value);
  }

  /** Claims `value` for `owner`; false if it is held (by anyone: a value is claimed once). */
  async claim(value: string, owner: string): Promise<boolean> {
    const key = this.prefix + value;
    const res = await this.etcd.txn(
      txnRequest({
        compare: [compare({ key, result: Compare_CompareResult.EQUAL, target: Compare_CompareTarget.CREATE, createRevision: 0n })],
        success: [requestOp.put({ key, value: owner })],
      }),
    );
    return res.succeeded;
  }

  /** Claims any free value for `owner`, starting at a random point; undefined when the range is full. */
  async claimAny(owner: string): Promise<string | undefined> {
    const taken = new Set(await this.allocated().then((m) => [...m.keys()]));
    const start = Math.floor(Math.random() * this.values.length);
    for (let i = 0; i < this.values.length; i++) {
      const value = this.values[(start + i) % this.values.length]!;
      if (!taken.has(value) && (await this.claim(value, owner))) return value;
    }
    return undefined;
  }

  async release(value: string): Promise<void> {
    await this.etcd.txn(txnRequest({ success: [requestOp.deleteRange({ key: this.prefix + value })] }));
  }

  /** Every allocated value with its owner. */
  async allocated(): Promise<Map<string, string>> {
    const res = await this.etcd.range({ key: this.prefix, rangeEnd: prefixEnd(this.prefix) });
    return new Map(res.kvs.map((kv) => [kv.key.toString('utf8').slice(this.prefix.length), kv.value.toString('utf8')]));
  }
}

/** The usable addresses of an IPv4 CIDR, without the network and broadcast addresses (as Kubernetes' allocator). */
export function cidrAddresses(cidr: string): string[] {
  const [base, bits] = cidr.split('/') as [string, string];
  const size = 2 ** (32 - Number(bits));
  const start = base.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
  const out: string[] = [];
  for (let i = 1; i < size - 1 && out.length < 65534; i++) {
    const n = start + i;
    out.push([n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.'));
  }
  return out;
}

export function portRange(range: string): string[] {
  const [low, high] = range.split('-').map(Number) as [number, number];
  return Array.from({ length: high - low + 1 }, (_, i) => String(low + i));
}
