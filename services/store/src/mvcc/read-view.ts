import type { KeyValue } from '@kubeling/proto/etcd';
import type { KeyRange } from './tree-index.js';

export interface RangeResult {
  kvs: KeyValue[];
  /** Every key in the range at that revision, regardless of limit. */
  count: number;
}

/** A consistent view to read from: the committed store, or a write transaction's own view. */
export interface ReadView {
  /** The revision this view reads at by default (etcd's rv.Rev()). */
  readonly rev: number;
  /** The compaction point: reads below it fail (etcd's rv.FirstRev()). */
  readonly firstRev: number;
  rangeKeys(r: KeyRange, atMain: number, limit: number, countOnly: boolean): RangeResult;
}
