import {
  Compare_CompareResult as Result,
  Compare_CompareTarget as Target,
  RangeRequest_SortOrder as SortOrder,
  RangeRequest_SortTarget as SortTarget,
  type Compare,
  type PutRequest,
  type RangeRequest,
  type RequestOp,
  type TxnRequest,
} from '@kubeling/proto/etcd';
import { compare, deleteRangeRequest, putRequest, rangeRequest, requestOp, txnRequest } from '@kubeling/testing';
import type { DifferentialOp, Outcome } from './differential-op.js';
import { pickKey, pickRange, pickValue, pickWriteKey } from './key-space.js';
import type { SeededRandom } from './seeded-random.js';

/** Lease IDs a run grants explicitly (never 0, which would let each server pick its own). */
export const LEASE_IDS: readonly bigint[] = [1n, 2n, 3n, 42n, 0x7fffffffffffffffn, -1n];
const UNKNOWN_LEASE = 555n;
/**
 * Granted with a TTL below etcd's minimum (which etcd raises to 2 s) and revoked by the very
 * next op, so it never expires during a run; no put uses it.
 */
const SHORT_LEASE = 77n;
/** Long enough that no lease expires during a run: expiry is time-dependent. */
const LONG_TTLS: readonly bigint[] = [600n, 3600n, 86400n];
/** etcd's MaxLeaseTTL + 1. */
const TOO_LARGE_TTL = 9_000_000_001n;
/** etcd's default --max-request-bytes. */
export const MAX_REQUEST_BYTES = 1.5 * 1024 * 1024;
/** etcd's default --max-txn-ops. */
const MAX_TXN_OPS = 128;
const NESTING = 2;

const EMPTY = Buffer.alloc(0);
const maxOf = (a: bigint, b: bigint) => (a > b ? a : b);

const branchOps = (t: TxnRequest): RequestOp[] => [...t.success, ...t.failure].flatMap((op) => (op.requestTxn ? [op, ...branchOps(op.requestTxn)] : [op]));
const isFromKey = (end: Buffer) => end.length === 1 && end[0] === 0;

/**
 * etcd 3.4's duplicate-key check reads a from-key delete (range_end "\0") as an empty interval,
 * so a txn may delete a key that way and then put it with ignore_value or ignore_lease; that
 * put was validated against the state before the txn, fails when applied, and etcd panics
 * ("unexpected error during txn"). Such a txn keeps its puts, without those two flags.
 */
function withoutEtcdPanic(txn: TxnRequest): TxnRequest {
  const ops = branchOps(txn);
  if (!ops.some((op) => op.requestDeleteRange && isFromKey(op.requestDeleteRange.rangeEnd))) return txn;
  for (const op of ops) if (op.requestPut) Object.assign(op.requestPut, { ignoreValue: false, ignoreLease: false });
  return txn;
}

/**
 * Generates a differential run's requests from a seed. It follows the run through the
 * reference server's answers (current and compacted revision), so that historical reads,
 * compactions and compares aim near real revisions; answers agree until the first
 * mismatch, so a seed replays the same sequence.
 */
export class OpGenerator {
  /** Current revision, as the reference server last reported it. */
  revision = 1n;
  /** Last successful compaction's revision (0: none yet). */
  compactRevision = 0n;
  private revokeNext: bigint | undefined;

  constructor(private readonly rng: SeededRandom) {}

  /** No op is due that must follow the previous one at once (the short lease's revoke). */
  get settled(): boolean {
    return this.revokeNext === undefined;
  }

  next(): DifferentialOp {
    if (this.revokeNext !== undefined) {
      const ID = this.revokeNext;
      this.revokeNext = undefined;
      return { kind: 'leaseRevoke', request: { ID } };
    }
    const rng = this.rng;
    return rng.weighted<() => DifferentialOp>([
      [30, () => ({ kind: 'put', request: this.put() })],
      [24, () => ({ kind: 'range', request: this.range() })],
      [8, () => ({ kind: 'deleteRange', request: deleteRangeRequest({ ...pickRange(rng), prevKv: rng.chance(0.5) }) })],
      [20, () => ({ kind: 'txn', request: this.txn() })],
      [2.5, () => ({ kind: 'compact', request: this.compaction() })],
      [4, () => ({ kind: 'leaseGrant', request: this.leaseGrant() })],
      [2.5, () => ({ kind: 'leaseRevoke', request: { ID: this.leaseId() } })],
      [3, () => ({ kind: 'leaseTimeToLive', request: { ID: this.leaseId(), keys: rng.chance(0.7) } })],
      [1, () => ({ kind: 'leaseLeases', request: {} })],
      [1.5, () => ({ kind: 'leaseKeepAlive', request: { ID: this.leaseId() } })],
      [0.25, () => ({ kind: 'put', request: this.bigPut() })],
    ])();
  }

  /** Follows the reference server's answer to `op`. */
  observe(op: DifferentialOp, outcome: Outcome): void {
    if ('error' in outcome) return;
    const revision = outcome.response.header?.revision;
    if (revision !== undefined) this.revision = maxOf(this.revision, revision);
    if (op.kind === 'compact') this.compactRevision = op.request.revision;
  }

  private range(): RangeRequest {
    const rng = this.rng;
    const filter = () => (rng.chance(0.06) ? this.nearRevision() : 0n);
    return rangeRequest({
      ...pickRange(rng),
      revision: this.readRevision(),
      limit: rng.weighted([[60, 0n], [38, BigInt(rng.int(1, 5))], [2, -1n]]),
      sortOrder: rng.weighted([[70, SortOrder.NONE], [15, SortOrder.ASCEND], [15, SortOrder.DESCEND]]),
      sortTarget: rng.chance(0.6) ? SortTarget.KEY : rng.pick([SortTarget.VERSION, SortTarget.CREATE, SortTarget.MOD, SortTarget.VALUE]),
      keysOnly: rng.chance(0.15),
      countOnly: rng.chance(0.1),
      serializable: rng.chance(0.1),
      minModRevision: filter(),
      maxModRevision: filter(),
      minCreateRevision: filter(),
      maxCreateRevision: filter(),
    });
  }

  /** Current (0 or negative), a readable past one, a compacted one, or a future one. */
  private readRevision(): bigint {
    const rng = this.rng;
    return rng.weighted<() => bigint>([
      [60, () => 0n],
      [2, () => -1n],
      [22, () => rng.bigint(maxOf(1n, this.compactRevision), this.revision)],
      [8, () => (this.compactRevision > 1n ? rng.bigint(1n, this.compactRevision - 1n) : 1n)],
      [8, () => this.revision + rng.bigint(1n, 3n)],
    ])();
  }

  /** A revision near the current one, where compares on create/mod revisions may hold. */
  private nearRevision(): bigint {
    return this.rng.bigint(maxOf(0n, this.revision - 15n), this.revision + 1n);
  }

  private put(): PutRequest {
    const rng = this.rng;
    const ignoreValue = rng.chance(0.08);
    const ignoreLease = rng.chance(0.08);
    return putRequest({
      key: pickWriteKey(rng),
      // With ignore_value or ignore_lease set, mostly a valid request; sometimes the field too (etcd refuses).
      value: ignoreValue && rng.chance(0.8) ? EMPTY : pickValue(rng),
      lease: ignoreLease && rng.chance(0.8) ? 0n : this.putLease(),
      prevKv: rng.chance(0.5),
      ignoreValue,
      ignoreLease,
    });
  }

  private putLease(): bigint {
    const rng = this.rng;
    return rng.weighted<() => bigint>([
      [70, () => 0n],
      [25, () => rng.pick(LEASE_IDS)],
      [5, () => UNKNOWN_LEASE],
    ])();
  }

  /** A value just under or just over etcd's request limit (1.5 MiB less the put's own framing). */
  private bigPut(): PutRequest {
    const size = this.rng.chance(0.5) ? MAX_REQUEST_BYTES - 1024 : MAX_REQUEST_BYTES + 1;
    return putRequest({ key: pickKey(this.rng), value: Buffer.alloc(size, 'x'), prevKv: this.rng.chance(0.5) });
  }

  private txn(): TxnRequest {
    if (this.rng.chance(0.015)) return this.largeTxn();
    return withoutEtcdPanic(this.nestedTxn(0));
  }

  private nestedTxn(depth: number): TxnRequest {
    const rng = this.rng;
    const ops = (n: number) => Array.from({ length: n }, () => this.requestOp(depth));
    return txnRequest({
      compare: Array.from({ length: rng.int(0, 3) }, () => this.compare()),
      success: ops(rng.int(0, 4)),
      failure: ops(rng.int(0, 3)),
    });
  }

  private requestOp(depth: number): RequestOp {
    const rng = this.rng;
    return rng.weighted<() => RequestOp>([
      [45, () => ({ requestPut: this.put() })],
      [30, () => ({ requestRange: this.range() })],
      [18, () => requestOp.deleteRange({ ...pickRange(rng), prevKv: rng.chance(0.5) })],
      [depth < NESTING ? 6 : 0, () => ({ requestTxn: this.nestedTxn(depth + 1) })],
      // An op with no request set: etcd refuses it.
      [0.5, () => ({})],
    ])();
  }

  /** Txns at and over etcd's op limit, counted per branch and, for a nested txn, against what its parent left. */
  private largeTxn(): TxnRequest {
    const rng = this.rng;
    const ranges = (n: number) => Array.from({ length: n }, () => requestOp.range({ key: pickKey(rng) }));
    const compares = (n: number) => Array.from({ length: n }, () => this.compare());
    return rng.weighted<() => TxnRequest>([
      [1, () => txnRequest({ success: ranges(MAX_TXN_OPS) })],
      [1, () => txnRequest({ failure: ranges(MAX_TXN_OPS + 1) })],
      [1, () => txnRequest({ compare: compares(MAX_TXN_OPS + 1) })],
      [1, () => txnRequest({ success: [...ranges(100), { requestTxn: txnRequest({ success: ranges(rng.int(20, 35)) }) }] })],
    ])();
  }

  private compare(): Compare {
    const rng = this.rng;
    const target = rng.pick([Target.VERSION, Target.CREATE, Target.MOD, Target.VALUE, Target.LEASE]);
    const where = rng.chance(0.8) ? { key: pickWriteKey(rng) } : pickRange(rng);
    const result = rng.pick([Result.EQUAL, Result.GREATER, Result.LESS, Result.NOT_EQUAL]);
    // Now and then the operand is of another target than the one compared (etcd then compares against nothing).
    const operandOf = rng.chance(0.03) ? rng.pick([Target.VERSION, Target.CREATE, Target.MOD, Target.VALUE, Target.LEASE]) : target;
    return compare({ ...where, result, target, ...this.operand(operandOf) });
  }

  private operand(target: Target): Partial<Compare> {
    const rng = this.rng;
    switch (target) {
      case Target.VERSION:
        return { version: BigInt(rng.int(0, 4)) };
      case Target.CREATE:
        return { createRevision: this.nearRevision() };
      case Target.MOD:
        return { modRevision: this.nearRevision() };
      case Target.VALUE:
        return { value: pickValue(rng) };
      default:
        return { lease: rng.pick([0n, ...LEASE_IDS]) };
    }
  }

  /** A revision to compact to: a valid one, the current one, the last compacted one, one below it, or a future one. */
  private compaction() {
    const rng = this.rng;
    const revision = rng.weighted<() => bigint>([
      [45, () => (this.compactRevision < this.revision ? rng.bigint(this.compactRevision + 1n, this.revision) : this.revision)],
      [15, () => this.revision],
      [10, () => this.compactRevision],
      [8, () => (this.compactRevision > 0n ? rng.bigint(0n, this.compactRevision - 1n) : 0n)],
      [15, () => this.revision + rng.bigint(1n, 3n)],
    ])();
    return { revision, physical: rng.chance(0.5) };
  }

  private leaseGrant() {
    const rng = this.rng;
    return rng.weighted<() => { ID: bigint; TTL: bigint }>([
      [80, () => ({ ID: rng.pick(LEASE_IDS), TTL: rng.pick(LONG_TTLS) })],
      [8, () => ({ ID: rng.pick(LEASE_IDS), TTL: TOO_LARGE_TTL })],
      [12, () => {
        this.revokeNext = SHORT_LEASE;
        return { ID: SHORT_LEASE, TTL: rng.pick([-1n, 0n, 1n]) };
      }],
    ])();
  }

  private leaseId(): bigint {
    return this.rng.chance(0.85) ? this.rng.pick(LEASE_IDS) : UNKNOWN_LEASE;
  }
}
