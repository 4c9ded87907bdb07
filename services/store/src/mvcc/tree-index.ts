import BTreeModule from 'sorted-btree';
import { KeyIndex } from './key-index.js';

// sorted-btree is CommonJS whose exports object carries the class as `default`.
const BTree = BTreeModule.default;
type BTree<K, V> = InstanceType<typeof BTreeModule.default<K, V>>;

/** Above every latin1 key: stands for "no upper bound". */
const TOP = '\u0100';

/**
 * A key range as etcd reads one: `end` undefined is the single key, null means every key
 * from `key` on, a string is the exclusive upper bound. Keys are byte strings held as
 * latin1 JS strings, whose comparison is byte order.
 */
export interface KeyRange {
  key: string;
  end: string | null | undefined;
}

export function inRange(r: KeyRange, key: string): boolean {
  if (r.end === undefined) return key === r.key;
  return key >= r.key && (r.end === null || key < r.end);
}

/** The ordered index of every key's KeyIndex (etcd's treeIndex), plus a hash map for point lookups. */
export class TreeIndex {
  private readonly byKey = new Map<string, KeyIndex>();
  private readonly tree: BTree<string, KeyIndex> = new BTree<string, KeyIndex>();

  get size(): number {
    return this.byKey.size;
  }

  get(key: string): KeyIndex | undefined {
    return this.byKey.get(key);
  }

  getOrCreate(key: string): KeyIndex {
    let ki = this.byKey.get(key);
    if (!ki) {
      ki = new KeyIndex(key);
      this.byKey.set(key, ki);
      this.tree.set(key, ki);
    }
    return ki;
  }

  delete(key: string): void {
    this.byKey.delete(key);
    this.tree.delete(key);
  }

  /** Visits the key indexes in the range in key order until `visit` returns false. */
  visit(r: KeyRange, visit: (ki: KeyIndex) => boolean | void): void {
    if (r.end === undefined) {
      const ki = this.byKey.get(r.key);
      if (ki) visit(ki);
      return;
    }
    const high = r.end === null ? TOP : r.end;
    if (high <= r.key) return;
    this.tree.forRange(r.key, high, false, (_k: string, ki: KeyIndex) => (visit(ki) === false ? { break: true } : undefined));
  }

  all(): IterableIterator<KeyIndex> {
    return this.byKey.values();
  }
}
