import type { KeyValue } from '@kubeling/proto/etcd';
import { ErrTooManyChanges } from '../errors.js';
import type { BackendOp } from './backend.js';
import type { Change } from './change.js';
import type { MvccStore } from './kv-store.js';
import type { RangeResult, ReadView } from './read-view.js';
import { encodeRecord } from './record.js';
import { MAX_SUB, rev } from './revision.js';
import type { KeyRange } from './tree-index.js';

const EMPTY = Buffer.alloc(0);

/**
 * A write transaction (etcd's storeTxnWrite). It runs synchronously from begin to end, so
 * no other write interleaves; every change it makes gets main revision beginRev + 1 and
 * is visible to its own reads at once, to other readers only once committed.
 */
export class WriteTxn implements ReadView {
  readonly beginRev: number;
  readonly changes: Change[] = [];
  private readonly ops: BackendOp[] = [];

  constructor(private readonly store: MvccStore) {
    this.beginRev = store.currentRev;
  }

  get rev(): number {
    return this.changes.length > 0 ? this.beginRev + 1 : this.beginRev;
  }

  get firstRev(): number {
    return this.store.compactRev;
  }

  rangeKeys(r: KeyRange, atMain: number, limit: number, countOnly: boolean): RangeResult {
    return this.store.rangeAt(r, atMain, limit, countOnly);
  }

  /** The live KeyValue of one key in this transaction's view. */
  current(key: string): KeyValue | undefined {
    const ki = this.store.index.get(key);
    if (!ki || !ki.live) return undefined;
    return this.store.kvAt(ki.modified);
  }

  put(key: Buffer, value: Buffer, lease: bigint): number {
    const k = key.toString('latin1');
    const main = this.beginRev + 1;
    const r = this.nextRev(main);
    const ki = this.store.index.getOrCreate(k);
    const prev = ki.live ? this.store.kvAt(ki.modified) : undefined;
    const kv: KeyValue = {
      key,
      createRevision: prev ? prev.createRevision : BigInt(main),
      modRevision: BigInt(main),
      version: prev ? prev.version + 1n : 1n,
      value,
      lease,
    };
    ki.put(r);
    if (prev && prev.lease !== 0n && prev.lease !== lease) this.store.leases.detach(prev.lease, k);
    if (lease !== 0n) this.store.leases.attach(lease, k);
    this.record(r, main, k, false, kv, prev);
    return main;
  }

  /** Deletes every live key in the range; returns how many. */
  deleteRange(range: KeyRange): number {
    const keys: string[] = [];
    this.store.index.visit(range, (ki) => {
      if (ki.live) keys.push(ki.key);
    });
    // Checked before any change, so a refused delete leaves the transaction untouched.
    if (this.changes.length + keys.length > MAX_SUB + 1) throw ErrTooManyChanges;
    for (const k of keys) this.deleteKey(k);
    return keys.length;
  }

  addOp(op: BackendOp): void {
    this.ops.push(op);
  }

  /** Ends the transaction: resolves once its changes (and what it read) are durable. */
  end(): Promise<void> {
    return this.store.finish(this, this.ops);
  }

  private deleteKey(k: string): void {
    const main = this.beginRev + 1;
    const r = this.nextRev(main);
    const ki = this.store.index.get(k)!;
    const prev = this.store.kvAt(ki.modified);
    const kv: KeyValue = { key: Buffer.from(k, 'latin1'), createRevision: 0n, modRevision: BigInt(main), version: 0n, value: EMPTY, lease: 0n };
    ki.tombstone(r);
    if (prev.lease !== 0n) this.store.leases.detach(prev.lease, k);
    this.record(r, main, k, true, kv, prev);
  }

  private nextRev(main: number) {
    if (this.changes.length > MAX_SUB) throw ErrTooManyChanges;
    return rev(main, this.changes.length);
  }

  private record(r: number, main: number, key: string, tombstone: boolean, kv: KeyValue, current: KeyValue | undefined): void {
    // Watchers' prev_kv is the value before this revision, not one this txn wrote.
    const prev = current && current.modRevision === BigInt(main) ? this.changes.find((c) => c.key === key)?.prev : current;
    const value = encodeRecord({ tombstone, kv });
    this.store.stage(r, kv, value.length);
    this.ops.push({ db: 'revs', rev: r, value });
    this.changes.push({ rev: r, main, key, tombstone, kv, prev });
  }
}
