import type { KeyRange } from '../mvcc/tree-index.js';

/** A request's key and range_end as etcd reads them: no range_end = one key, "\0" = from key on. */
export function rangeOf(key: Buffer, rangeEnd: Buffer): KeyRange {
  const k = key.toString('latin1');
  if (rangeEnd.length === 0) return { key: k, end: undefined };
  if (rangeEnd.length === 1 && rangeEnd[0] === 0) return { key: k, end: null };
  return { key: k, end: rangeEnd.toString('latin1') };
}
