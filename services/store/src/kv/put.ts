import type { PutRequest, PutResponse } from '@kubeling/proto/etcd';
import { ErrEmptyKey, ErrKeyNotFound, ErrLeaseNotFound, ErrLeaseProvided, ErrValueProvided } from '../errors.js';
import type { Lessor } from '../lease/lessor.js';
import { putCost } from '../maintenance/quota.js';
import type { WriteTxn } from '../mvcc/write-txn.js';
import { bytesFieldSize, checkMessageSize, checkRequestSize, fillHeader, revisionHeader, type StoreContext } from '../store-context.js';

export function checkPutRequest(r: PutRequest): void {
  if (r.key.length === 0) throw ErrEmptyKey;
  if (r.ignoreValue && r.value.length !== 0) throw ErrValueProvided;
  if (r.ignoreLease && r.lease !== 0n) throw ErrLeaseProvided;
}

function varint64Length(v: bigint): number {
  if (v < 0n) return 10;
  let len = 1;
  while (v >= 0x80n) {
    v >>= 7n;
    len++;
  }
  return len;
}

/** The encoded size of a PutRequest, without encoding it (this is the hot path). */
export function putRequestSize(r: PutRequest): number {
  const flags = (r.prevKv ? 2 : 0) + (r.ignoreValue ? 2 : 0) + (r.ignoreLease ? 2 : 0);
  return bytesFieldSize(r.key.length) + bytesFieldSize(r.value.length) + (r.lease !== 0n ? 1 + varint64Length(r.lease) : 0) + flags;
}

/**
 * etcd's applierV3backend.Put. Standalone, an unknown lease is refused first; inside a txn
 * the txn's own checks ran before anything was applied.
 */
export function applyPut(txn: WriteTxn, r: PutRequest, lessor: Lessor, standalone: boolean): PutResponse {
  let value = r.value;
  let lease = r.lease;
  if (standalone && lease !== 0n && !lessor.lookup(lease)) throw ErrLeaseNotFound;
  const current = r.ignoreValue || r.ignoreLease || r.prevKv ? txn.current(r.key.toString('latin1')) : undefined;
  if (r.ignoreValue || r.ignoreLease) {
    if (!current) throw ErrKeyNotFound;
    if (r.ignoreValue) value = current.value;
    if (r.ignoreLease) lease = current.lease;
  }
  const revision = txn.put(r.key, value, lease);
  return { header: revisionHeader(revision), prevKv: r.prevKv ? current : undefined };
}

export async function put(ctx: StoreContext, r: PutRequest): Promise<PutResponse> {
  const size = putRequestSize(r);
  checkMessageSize(ctx, size);
  checkPutRequest(r);
  checkRequestSize(ctx, size);
  ctx.quota.check(putCost(r.key, r.value));
  const txn = ctx.mvcc.beginWrite();
  const resp = applyPut(txn, r, ctx.lessor, true);
  await txn.end();
  resp.header = fillHeader(ctx, resp.header);
  return resp;
}
