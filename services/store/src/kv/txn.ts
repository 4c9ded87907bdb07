import {
  Compare_CompareResult as CompareResult,
  Compare_CompareTarget as CompareTarget,
  TxnRequest,
  type Compare,
  type KeyValue,
  type RequestOp,
  type ResponseOp,
  type TxnResponse,
} from '@kubeling/proto/etcd';
import { ErrCompacted, ErrDuplicateKey, ErrEmptyKey, ErrFutureRev, ErrKeyNotFound, ErrLeaseNotFound, ErrTooManyOps } from '../errors.js';
import type { Lessor } from '../lease/lessor.js';
import { putCost } from '../maintenance/quota.js';
import type { ReadView } from '../mvcc/read-view.js';
import type { WriteTxn } from '../mvcc/write-txn.js';
import { inRange, type KeyRange } from '../mvcc/tree-index.js';
import { checkMessageSize, checkRequestSize, fillHeader, revisionHeader, type StoreContext } from '../store-context.js';
import { applyDeleteRange, checkDeleteRequest } from './delete-range.js';
import { rangeOf } from './key-range.js';
import { applyPut, checkPutRequest } from './put.js';
import { applyRange, checkRangeRequest } from './range.js';

/** etcd's checkTxnRequest: op count and per-op validity, recursively. */
function checkTxnRequest(r: TxnRequest, maxTxnOps: number): void {
  const opc = Math.max(r.compare.length, r.success.length, r.failure.length);
  if (opc > maxTxnOps) throw ErrTooManyOps;
  for (const c of r.compare) if (c.key.length === 0) throw ErrEmptyKey;
  for (const op of [...r.success, ...r.failure]) checkRequestOp(op, maxTxnOps - opc);
}

function checkRequestOp(op: RequestOp, maxTxnOps: number): void {
  if (op.requestRange) checkRangeRequest(op.requestRange);
  else if (op.requestPut) checkPutRequest(op.requestPut);
  else if (op.requestDeleteRange) checkDeleteRequest(op.requestDeleteRange);
  else if (op.requestTxn) checkTxnRequest(op.requestTxn, maxTxnOps);
  else throw ErrKeyNotFound;
}

interface Intervals {
  puts: Set<string>;
  dels: KeyRange[];
}

/** etcd's checkIntervals: no key may be written twice by one branch (nested txns included). */
function checkIntervals(ops: RequestOp[]): Intervals {
  const dels: KeyRange[] = [];
  // etcd takes range_end literally here: a from-key delete ("\0") overlaps nothing.
  for (const op of ops) {
    const d = op.requestDeleteRange;
    if (d) dels.push({ key: d.key.toString('latin1'), end: d.rangeEnd.length > 0 ? d.rangeEnd.toString('latin1') : undefined });
  }
  const puts = new Set<string>();
  // Nested txns: their then and else branches may write the same key (only one runs);
  // anything else written twice at this level is a duplicate.
  for (const op of ops) {
    if (!op.requestTxn) continue;
    const success = checkIntervals(op.requestTxn.success);
    const failure = checkIntervals(op.requestTxn.failure);
    for (const k of success.puts) {
      if (puts.has(k) || dels.some((d) => inRange(d, k))) throw ErrDuplicateKey;
      puts.add(k);
    }
    for (const k of failure.puts) {
      if ((puts.has(k) && !success.puts.has(k)) || dels.some((d) => inRange(d, k))) throw ErrDuplicateKey;
      puts.add(k);
    }
    dels.push(...success.dels, ...failure.dels);
  }
  for (const op of ops) {
    if (!op.requestPut) continue;
    const k = op.requestPut.key.toString('latin1');
    if (puts.has(k)) throw ErrDuplicateKey;
    if (dels.some((d) => inRange(d, k))) throw ErrDuplicateKey;
    puts.add(k);
  }
  return { puts, dels };
}

function compareInt(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareKV(c: Compare, kv: KeyValue | undefined): boolean {
  let result: number;
  switch (c.target) {
    case CompareTarget.VALUE:
      result = Buffer.compare(kv?.value ?? Buffer.alloc(0), c.value ?? Buffer.alloc(0));
      break;
    case CompareTarget.CREATE:
      result = compareInt(kv?.createRevision ?? 0n, c.createRevision ?? 0n);
      break;
    case CompareTarget.MOD:
      result = compareInt(kv?.modRevision ?? 0n, c.modRevision ?? 0n);
      break;
    case CompareTarget.LEASE:
      result = compareInt(kv?.lease ?? 0n, c.lease ?? 0n);
      break;
    default:
      result = compareInt(kv?.version ?? 0n, c.version ?? 0n);
  }
  switch (c.result) {
    case CompareResult.EQUAL:
      return result === 0;
    case CompareResult.NOT_EQUAL:
      return result !== 0;
    case CompareResult.GREATER:
      return result > 0;
    case CompareResult.LESS:
      return result < 0;
    default:
      return true;
  }
}

/** etcd's applyCompare: every key in the range must satisfy it; a missing key compares as zero values, except VALUE. */
function applyCompare(view: ReadView, c: Compare): boolean {
  const { kvs } = view.rangeKeys(rangeOf(c.key, c.rangeEnd), view.rev, 0, false);
  if (kvs.length === 0) return c.target === CompareTarget.VALUE ? false : compareKV(c, undefined);
  return kvs.every((kv) => compareKV(c, kv));
}

/**
 * etcd's compareToPath: the branch taken at every level, all compares evaluated against
 * the state before any op of the txn runs.
 */
function compareToPath(view: ReadView, r: TxnRequest, path: boolean[] = []): boolean[] {
  const ok = r.compare.every((c) => applyCompare(view, c));
  path.push(ok);
  for (const op of ok ? r.success : r.failure) if (op.requestTxn) compareToPath(view, op.requestTxn, path);
  return path;
}

/** Walks the ops the path selects, nested txns included, in execution order. */
function* selectedOps(r: TxnRequest, path: boolean[], at = { i: 0 }): Generator<RequestOp> {
  const ops = path[at.i++] ? r.success : r.failure;
  for (const op of ops) {
    if (op.requestTxn) yield* selectedOps(op.requestTxn, path, at);
    else yield op;
  }
}

function isWrite(op: RequestOp): boolean {
  return op.requestPut !== undefined || op.requestDeleteRange !== undefined;
}

/** etcd's checkRequests, before anything is applied: puts' leases and keys, ranges' revisions. */
function checkRequests(view: ReadView, r: TxnRequest, path: boolean[], lessor: Lessor): void {
  const ops = [...selectedOps(r, path)];
  if (ops.some(isWrite)) {
    for (const op of ops) {
      const p = op.requestPut;
      if (!p) continue;
      if (p.ignoreValue || p.ignoreLease) {
        if (view.rangeKeys(rangeOf(p.key, Buffer.alloc(0)), view.rev, 0, true).count === 0) throw ErrKeyNotFound;
      }
      if (p.lease !== 0n && !lessor.lookup(p.lease)) throw ErrLeaseNotFound;
    }
  }
  for (const op of ops) {
    const rr = op.requestRange;
    if (!rr || rr.revision === 0n) continue;
    if (Number(rr.revision) > view.rev) throw ErrFutureRev;
    if (Number(rr.revision) < view.firstRev) throw ErrCompacted;
  }
}

function applyTxn(txn: WriteTxn, r: TxnRequest, path: boolean[], lessor: Lessor, at = { i: 0 }): TxnResponse {
  const succeeded = path[at.i++];
  const responses: ResponseOp[] = [];
  for (const op of succeeded ? r.success : r.failure) {
    if (op.requestRange) responses.push({ responseRange: applyRange(txn, op.requestRange) });
    else if (op.requestPut) responses.push({ responsePut: applyPut(txn, op.requestPut, lessor, false) });
    else if (op.requestDeleteRange) responses.push({ responseDeleteRange: applyDeleteRange(txn, op.requestDeleteRange) });
    else if (op.requestTxn) responses.push({ responseTxn: applyTxn(txn, op.requestTxn, path, lessor, at) });
  }
  return { header: revisionHeader(0), succeeded, responses };
}

/** etcd's quota cost of a txn: the larger of its branches' puts. */
function txnCost(r: TxnRequest): number {
  const branch = (ops: RequestOp[]): number =>
    ops.reduce((sum, op) => sum + (op.requestPut ? putCost(op.requestPut.key, op.requestPut.value) : op.requestTxn ? txnCost(op.requestTxn) : 0), 0);
  return Math.max(branch(r.success), branch(r.failure));
}

export async function txn(ctx: StoreContext, r: TxnRequest): Promise<TxnResponse> {
  const size = TxnRequest.encode(r).finish().length;
  checkMessageSize(ctx, size);
  checkTxnRequest(r, ctx.limits.maxTxnOps);
  checkIntervals(r.success);
  checkIntervals(r.failure);
  checkRequestSize(ctx, size);
  ctx.quota.check(txnCost(r));
  const w = ctx.mvcc.beginWrite();
  const path = compareToPath(w, r);
  checkRequests(w, r, path, ctx.lessor);
  const resp = applyTxn(w, r, path, ctx.lessor);
  resp.header = revisionHeader(w.rev);
  await w.end();
  resp.header = fillHeader(ctx, resp.header);
  return resp;
}
