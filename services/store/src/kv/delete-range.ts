import { DeleteRangeRequest, type DeleteRangeResponse } from '@kubeling/proto/etcd';
import { ErrEmptyKey } from '../errors.js';
import type { WriteTxn } from '../mvcc/write-txn.js';
import { checkMessageSize, checkRequestSize, fillHeader, revisionHeader, type StoreContext } from '../store-context.js';
import { rangeOf } from './key-range.js';

export function checkDeleteRequest(r: DeleteRangeRequest): void {
  if (r.key.length === 0) throw ErrEmptyKey;
}

/** etcd's applierV3backend.DeleteRange: a delete that removes nothing makes no revision. */
export function applyDeleteRange(txn: WriteTxn, r: DeleteRangeRequest): DeleteRangeResponse {
  const range = rangeOf(r.key, r.rangeEnd);
  const prevKvs = r.prevKv ? txn.rangeKeys(range, txn.rev, 0, false).kvs : [];
  const deleted = txn.deleteRange(range);
  const revision = deleted !== 0 || txn.changes.length > 0 ? txn.beginRev + 1 : txn.beginRev;
  return { header: revisionHeader(revision), deleted: BigInt(deleted), prevKvs };
}

export async function deleteRange(ctx: StoreContext, r: DeleteRangeRequest): Promise<DeleteRangeResponse> {
  const size = DeleteRangeRequest.encode(r).finish().length;
  checkMessageSize(ctx, size);
  checkDeleteRequest(r);
  checkRequestSize(ctx, size);
  const txn = ctx.mvcc.beginWrite();
  const resp = applyDeleteRange(txn, r);
  await txn.end();
  resp.header = fillHeader(ctx, resp.header);
  return resp;
}
