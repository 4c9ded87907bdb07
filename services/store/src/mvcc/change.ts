import type { KeyValue } from '@kubeling/proto/etcd';
import type { Rev } from './revision.js';

/** One key changed by a write: what watchers are told once it is durable. */
export interface Change {
  rev: Rev;
  main: number;
  /** The key as the index holds it (latin1). */
  key: string;
  tombstone: boolean;
  /** For a delete: only key and mod_revision, as etcd's tombstone events carry. */
  kv: KeyValue;
  /** The key's value just before, when it existed in the same generation. */
  prev: KeyValue | undefined;
}
