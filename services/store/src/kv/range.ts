import { RangeRequest_SortOrder as SortOrder, RangeRequest_SortTarget as SortTarget, type KeyValue, type RangeRequest, type RangeResponse } from '@kubeling/proto/etcd';
import { ErrCompacted, ErrEmptyKey, ErrFutureRev } from '../errors.js';
import type { ReadView } from '../mvcc/read-view.js';
import { fillHeader, revisionHeader, type StoreContext } from '../store-context.js';
import { rangeOf } from './key-range.js';

const EMPTY = Buffer.alloc(0);

export function checkRangeRequest(r: RangeRequest): void {
  if (r.key.length === 0) throw ErrEmptyKey;
}

function hasFilters(r: RangeRequest): boolean {
  return r.minModRevision !== 0n || r.maxModRevision !== 0n || r.minCreateRevision !== 0n || r.maxCreateRevision !== 0n;
}

function prune(kvs: KeyValue[], r: RangeRequest): KeyValue[] {
  return kvs.filter(
    (kv) =>
      !(r.maxModRevision !== 0n && kv.modRevision > r.maxModRevision) &&
      !(r.minModRevision !== 0n && kv.modRevision < r.minModRevision) &&
      !(r.maxCreateRevision !== 0n && kv.createRevision > r.maxCreateRevision) &&
      !(r.minCreateRevision !== 0n && kv.createRevision < r.minCreateRevision),
  );
}

function compareBy(target: SortTarget): (a: KeyValue, b: KeyValue) => number {
  const cmp = (x: bigint, y: bigint) => (x < y ? -1 : x > y ? 1 : 0);
  switch (target) {
    case SortTarget.VERSION:
      return (a, b) => cmp(a.version, b.version);
    case SortTarget.CREATE:
      return (a, b) => cmp(a.createRevision, b.createRevision);
    case SortTarget.MOD:
      return (a, b) => cmp(a.modRevision, b.modRevision);
    case SortTarget.VALUE:
      return (a, b) => Buffer.compare(a.value, b.value);
    default:
      return (a, b) => Buffer.compare(a.key, b.key);
  }
}

/** etcd's applierV3backend.Range against a view (the committed store or a txn's own). */
export function applyRange(view: ReadView, r: RangeRequest): RangeResponse {
  const requested = Number(r.revision);
  if (requested > view.rev) throw ErrFutureRev;
  const atMain = requested <= 0 ? view.rev : requested;
  if (atMain < view.firstRev) throw ErrCompacted;

  // Sorting or filtering needs everything; otherwise one extra tells whether there is more.
  const fetchAll = r.sortOrder !== SortOrder.NONE || hasFilters(r);
  const limit = Number(r.limit);
  const fetchLimit = fetchAll ? 0 : limit > 0 ? limit + 1 : 0;
  const result = view.rangeKeys(rangeOf(r.key, r.rangeEnd), atMain, fetchLimit, r.countOnly);

  let kvs = hasFilters(r) ? prune(result.kvs, r) : result.kvs;
  // etcd sorts ascending by default when the target is not the key (results already are by key).
  const order = r.sortTarget !== SortTarget.KEY && r.sortOrder === SortOrder.NONE ? SortOrder.ASCEND : r.sortOrder;
  if (order !== SortOrder.NONE) {
    const cmp = compareBy(r.sortTarget);
    kvs = [...kvs].sort(order === SortOrder.DESCEND ? (a, b) => cmp(b, a) : cmp);
  }
  let more = false;
  if (limit > 0 && kvs.length > limit) {
    kvs = kvs.slice(0, limit);
    more = true;
  }
  if (r.keysOnly) kvs = kvs.map((kv) => ({ ...kv, value: EMPTY }));
  return { header: revisionHeader(view.rev), kvs, more, count: BigInt(result.count) };
}

export function range(ctx: StoreContext, r: RangeRequest): RangeResponse {
  checkRangeRequest(r);
  const resp = applyRange(ctx.mvcc, r);
  resp.header = fillHeader(ctx, resp.header);
  return resp;
}
