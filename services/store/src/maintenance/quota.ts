import type { Logger } from 'pino';
import { ErrNoSpace } from '../errors.js';
import type { MvccStore } from '../mvcc/kv-store.js';

const ALARM_KEY = Buffer.from('alarm/NOSPACE');
/** etcd's DefaultQuotaBytes (2 GiB), used when --quota-backend-bytes is 0. */
export const DEFAULT_QUOTA_BYTES = 2 * 1024 * 1024 * 1024;
/** etcd's per-put overhead in its cost estimate. */
const KV_OVERHEAD = 256;
const LEASE_OVERHEAD = 64;

export function putCost(key: Buffer, value: Buffer): number {
  return key.length + value.length + KV_OVERHEAD;
}

export const LEASE_COST = LEASE_OVERHEAD;

/**
 * The space quota and its NOSPACE alarm (etcd's backendQuota and capped applier). A write
 * that would not fit raises the alarm; while it is raised, writes that add data are
 * refused and reads, deletes and compaction still work. Unlike etcd, the space counted is
 * the space in use (LMDB reuses freed pages), so compaction alone makes room; the alarm
 * still has to be disarmed, as in etcd.
 */
export class Quota {
  noSpace: boolean;

  constructor(
    private readonly store: MvccStore,
    readonly limitBytes: number,
    private readonly log: Logger,
  ) {
    this.noSpace = store.backend.getMeta(ALARM_KEY) !== undefined;
  }

  /** Throws NOSPACE if a write adding `cost` bytes may not go ahead. */
  check(cost: number): void {
    if (cost === 0) return;
    if (this.noSpace) throw ErrNoSpace;
    if (this.store.usedBytes + cost > this.limitBytes) {
      this.setAlarm(true);
      throw ErrNoSpace;
    }
  }

  setAlarm(on: boolean): Promise<void> {
    if (on === this.noSpace) return this.store.pipeline.drain();
    this.noSpace = on;
    this.log.warn({ alarm: 'NOSPACE', active: on, usedBytes: this.store.usedBytes, quotaBytes: this.limitBytes }, on ? 'alarm raised' : 'alarm disarmed');
    return this.store.persist([{ db: 'meta', key: ALARM_KEY, value: on ? Buffer.from([1]) : undefined }]);
  }
}
