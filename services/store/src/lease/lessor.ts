import type { Logger } from 'pino';
import { ErrLeaseExist, ErrLeaseNotFound, ErrLeaseTTLTooLarge } from '../errors.js';
import type { MvccStore } from '../mvcc/kv-store.js';
import type { LeaseAttachments } from '../mvcc/lease-attachments.js';

/** etcd's MaxLeaseTTL. */
export const MAX_LEASE_TTL = 9_000_000_000;
/** etcd's minimum TTL with its default election timeout: ceil(1.5 × 1 s). */
export const MIN_LEASE_TTL = 2;
const EXPIRY_CHECK_MS = 500;

export interface Lease {
  id: bigint;
  /** Granted TTL in seconds. */
  ttl: number;
  /** Wall-clock ms at which it expires. */
  expiry: number;
  keys: Set<string>;
}

function idKey(id: bigint): Buffer {
  const buf = Buffer.alloc(8);
  buf.writeBigInt64BE(id);
  return buf;
}

/**
 * Leases (etcd's lessor): grant, renew, revoke and expire. A lease's TTL is durable; its
 * clock is not: after a restart every lease gets its full TTL again, as in etcd.
 */
export class Lessor implements LeaseAttachments {
  private readonly leases = new Map<bigint, Lease>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: MvccStore,
    private readonly log: Logger,
  ) {
    store.leases = this;
    this.restore();
  }

  start(): void {
    this.timer = setInterval(() => this.revokeExpired(), EXPIRY_CHECK_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  lookup(id: bigint): Lease | undefined {
    return this.leases.get(id);
  }

  list(): Lease[] {
    return [...this.leases.values()];
  }

  attach(id: bigint, key: string): void {
    this.leases.get(id)?.keys.add(key);
  }

  detach(id: bigint, key: string): void {
    this.leases.get(id)?.keys.delete(key);
  }

  /** Grants a lease; `id` 0 lets the lessor choose. Resolves with the lease once durable. */
  async grant(id: bigint, ttl: number): Promise<Lease> {
    if (ttl > MAX_LEASE_TTL) throw ErrLeaseTTLTooLarge;
    const leaseId = id === 0n ? this.newId() : id;
    if (this.leases.has(leaseId)) throw ErrLeaseExist;
    const granted = Math.max(ttl, MIN_LEASE_TTL);
    const lease: Lease = { id: leaseId, ttl: granted, expiry: Date.now() + granted * 1000, keys: new Set() };
    this.leases.set(leaseId, lease);
    const value = Buffer.alloc(8);
    value.writeBigInt64BE(BigInt(granted));
    await this.store.persist([{ db: 'leases', key: idKey(leaseId), value }]);
    return lease;
  }

  /** Revokes a lease and deletes its keys in one revision. */
  revoke(id: bigint): Promise<void> {
    const lease = this.leases.get(id);
    if (!lease) throw ErrLeaseNotFound;
    const txn = this.store.beginWrite();
    // etcd deletes a lease's keys in key order.
    for (const key of [...lease.keys].sort()) txn.deleteRange({ key, end: undefined });
    txn.addOp({ db: 'leases', key: idKey(id) });
    this.leases.delete(id);
    return txn.end();
  }

  /** Restarts a lease's clock; returns its TTL, or 0 if there is no such (live) lease. */
  renew(id: bigint): number {
    const lease = this.leases.get(id);
    if (!lease || lease.expiry <= Date.now()) return 0;
    lease.expiry = Date.now() + lease.ttl * 1000;
    return lease.ttl;
  }

  /** Whole seconds left, as etcd truncates them. */
  remaining(lease: Lease): number {
    return Math.max(0, Math.floor((lease.expiry - Date.now()) / 1000));
  }

  private revokeExpired(): void {
    const now = Date.now();
    for (const lease of this.leases.values()) {
      if (lease.expiry > now) continue;
      this.log.info({ lease: lease.id.toString(16), keys: lease.keys.size }, 'lease expired; revoking');
      this.revoke(lease.id).catch((err) => this.log.error({ err, lease: lease.id.toString(16) }, 'revoking expired lease failed'));
    }
  }

  private newId(): bigint {
    for (;;) {
      // Positive 63-bit IDs, as etcd hands out.
      const id = (BigInt(Math.floor(Math.random() * 2 ** 31)) << 32n) | BigInt(Math.floor(Math.random() * 2 ** 32));
      if (id !== 0n && !this.leases.has(id)) return id;
    }
  }

  private restore(): void {
    const now = Date.now();
    for (const { key, value } of this.store.backend.allLeases()) {
      const id = key.readBigInt64BE(0);
      const ttl = Number(value.readBigInt64BE(0));
      this.leases.set(id, { id, ttl, expiry: now + ttl * 1000, keys: new Set() });
    }
    for (const { key, lease } of this.store.leasedKeys()) this.attach(lease, key);
  }
}
