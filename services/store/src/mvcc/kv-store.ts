import type { KeyValue } from '@kubeling/proto/etcd';
import type { Logger } from 'pino';
import type { Backend, BackendOp } from './backend.js';
import type { Change } from './change.js';
import { CommitPipeline } from './commit-pipeline.js';
import type { LeaseAttachments } from './lease-attachments.js';
import type { RangeResult, ReadView } from './read-view.js';
import { decodeRecord } from './record.js';
import { bytesToRev, mainOf, rev, type Rev } from './revision.js';
import { TreeIndex, type KeyRange } from './tree-index.js';
import { WriteTxn } from './write-txn.js';

const COMPACT_REV_KEY = Buffer.from('finishedCompactRev');
/** What LMDB spends on a record beside its bytes (key, node header): for the quota's count. */
const RECORD_OVERHEAD = 12 + 16;

export type CommitListener = (lastRev: number, changes: Change[]) => void;

/**
 * The multi-version key-value store (etcd's mvcc store): an in-memory index of every
 * key's revisions over the durable revision table. Readers see the committed revision;
 * a write transaction sees its own changes; nothing is acknowledged before it is on disk.
 */
export class MvccStore implements ReadView {
  readonly index = new TreeIndex();
  /** Latest revision handed out (possibly not yet durable). */
  currentRev = 0;
  /** The compaction point; -1 until the first compaction, as etcd's compactMainRev. */
  compactRev = -1;
  /** Bytes the stored records take: what the space quota counts. */
  usedBytes = 0;
  leases: LeaseAttachments = { attach() {}, detach() {} };
  private readonly listeners: CommitListener[] = [];
  /** Values written but not yet committed, by revision (LMDB has them only after commit). */
  private readonly staged = new Map<Rev, KeyValue>();
  readonly pipeline: CommitPipeline<Change>;

  constructor(
    readonly backend: Backend,
    private readonly log: Logger,
  ) {
    const restored = this.restore();
    this.pipeline = new CommitPipeline<Change>(
      backend,
      this.currentRev,
      (lastRev, changes) => this.committed(lastRev, changes),
      (error) => {
        log.fatal({ err: error }, 'backend commit failed; stopping');
        process.exit(1);
      },
    );
    log.info({ revision: this.currentRev, compactRevision: this.compactRev, keys: this.index.size, records: restored }, 'store restored');
  }

  get rev(): number {
    return this.pipeline.committedRev;
  }

  get committedRev(): number {
    return this.pipeline.committedRev;
  }

  get firstRev(): number {
    return this.compactRev;
  }

  onCommit(listener: CommitListener): void {
    this.listeners.push(listener);
  }

  beginWrite(): WriteTxn {
    return new WriteTxn(this);
  }

  rangeKeys(r: KeyRange, atMain: number, limit: number, countOnly: boolean): RangeResult {
    return this.rangeAt(r, atMain, limit, countOnly);
  }

  rangeAt(r: KeyRange, atMain: number, limit: number, countOnly: boolean): RangeResult {
    const revs: Rev[] = [];
    let count = 0;
    this.index.visit(r, (ki) => {
      const found = ki.get(atMain);
      if (!found) return;
      count++;
      if (!countOnly && (limit <= 0 || revs.length < limit)) revs.push(found.modified);
    });
    return { kvs: revs.map((x) => this.kvAt(x)), count };
  }

  /** The KeyValue stored at a revision the index holds. */
  kvAt(r: Rev): KeyValue {
    const staged = this.staged.get(r);
    if (staged) return staged;
    const buf = this.backend.getRecord(r);
    if (!buf) throw new Error(`revision ${mainOf(r)} is indexed but not stored`);
    return decodeRecord(buf).kv;
  }

  /** The value a key had just before revision `r`, if the store still holds it (watch prev_kv). */
  previousKv(key: string, r: Rev): KeyValue | undefined {
    if (mainOf(r) - 1 < this.compactRev) return undefined;
    const prev = this.index.get(key)?.previous(r);
    return prev === undefined ? undefined : this.kvAt(prev);
  }

  /** Called by a write transaction for each record it writes. */
  stage(r: Rev, kv: KeyValue, size: number): void {
    this.staged.set(r, kv);
    this.usedBytes += size + RECORD_OVERHEAD;
  }

  /** Called by WriteTxn.end. */
  finish(txn: WriteTxn, ops: BackendOp[]): Promise<void> {
    if (txn.changes.length > 0) {
      this.currentRev = txn.beginRev + 1;
      return this.pipeline.enqueue(ops, this.currentRev, txn.changes);
    }
    if (ops.length > 0) return this.pipeline.enqueue(ops, this.currentRev);
    // A read-only transaction may have seen writes still on their way to disk.
    return this.pipeline.whenCommitted(this.currentRev);
  }

  /** Queues writes that make no revision (lease grants, alarms). */
  persist(ops: BackendOp[]): Promise<void> {
    return this.pipeline.enqueue(ops, this.currentRev);
  }

  /**
   * Compacts history at `main` (already validated and committed): reads below it fail
   * from now on; superseded revisions leave the index and the disk in one commit.
   */
  compact(main: number): Promise<void> {
    this.compactRev = main;
    const removed: Rev[] = [];
    for (const ki of this.index.all()) {
      ki.compact(main, removed);
      if (ki.isEmpty) this.index.delete(ki.key);
    }
    const ops: BackendOp[] = [];
    for (const r of removed) {
      const size = this.backend.getRecord(r)?.length ?? 0;
      this.usedBytes -= size + RECORD_OVERHEAD;
      ops.push({ db: 'revs', rev: r });
    }
    const value = Buffer.alloc(8);
    value.writeBigInt64BE(BigInt(main));
    ops.push({ db: 'meta', key: COMPACT_REV_KEY, value });
    this.log.info({ revision: main, removed: removed.length }, 'compacted');
    return this.pipeline.enqueue(ops, this.currentRev);
  }

  private committed(lastRev: number, changes: Change[]): void {
    for (const c of changes) this.staged.delete(c.rev);
    for (const listener of this.listeners) listener(lastRev, changes);
  }

  /** Rebuilds the index from the revision table (etcd's restore). */
  private restore(): number {
    const compact = this.backend.getMeta(COMPACT_REV_KEY);
    this.compactRev = compact ? Number(compact.readBigInt64BE(0)) : -1;
    let records = 0;
    let maxMain = 0;
    for (const { key, value } of this.backend.allRecords()) {
      const r = bytesToRev(key);
      const { tombstone, kv } = decodeRecord(value);
      const ki = this.index.getOrCreate(kv.key.toString('latin1'));
      if (!ki.live) ki.restore(rev(Number(kv.createRevision)), r, Number(kv.version));
      else ki.put(r);
      if (tombstone) ki.generations.push({ ver: 0, created: 0, revs: [] });
      this.usedBytes += value.length + RECORD_OVERHEAD;
      maxMain = mainOf(r);
      records++;
    }
    // A fresh etcd store is at revision 1; the first write makes revision 2.
    this.currentRev = Math.max(maxMain, this.compactRev, 1);
    return records;
  }

  /** The live keys with a lease, for the lessor to re-attach after a restart. */
  *leasedKeys(): Generator<{ key: string; lease: bigint }> {
    for (const ki of this.index.all()) {
      if (!ki.live) continue;
      const kv = this.kvAt(ki.modified);
      if (kv.lease !== 0n) yield { key: ki.key, lease: kv.lease };
    }
  }
}
