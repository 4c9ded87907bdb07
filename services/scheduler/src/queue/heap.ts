/** Orders two items: true when `a` must come out before `b`. */
export type LessFunc<T> = (a: T, b: T) => boolean;

interface Entry<T> {
  key: string;
  item: T;
  /** Insertion order, the tie-break between items the less function holds equal. */
  sequence: number;
}

/**
 * A binary heap of keyed items, as kube-scheduler's internal/heap: an item is found, replaced
 * or deleted by its key in O(log n), so a sub-queue never holds a pod twice. Items the less
 * function holds equal come out in insertion order: pods of one priority queued within the same
 * millisecond still leave first in, first out.
 */
export class Heap<T> {
  private readonly entries: Entry<T>[] = [];
  private readonly indexes = new Map<string, number>();
  private nextSequence = 0;

  constructor(
    private readonly keyFunc: (item: T) => string,
    private readonly lessFunc: LessFunc<T>,
  ) {}

  get length(): number {
    return this.entries.length;
  }

  /** Adds the item, or replaces the one with its key and restores the order its new fields call for. */
  add(item: T): void {
    const key = this.keyFunc(item);
    const index = this.indexes.get(key);
    if (index !== undefined) {
      this.entries[index].item = item;
      this.fix(index);
      return;
    }
    this.entries.push({ key, item, sequence: this.nextSequence++ });
    this.indexes.set(key, this.entries.length - 1);
    this.up(this.entries.length - 1);
  }

  get(key: string): T | undefined {
    const index = this.indexes.get(key);
    return index === undefined ? undefined : this.entries[index].item;
  }

  has(key: string): boolean {
    return this.indexes.has(key);
  }

  peek(): T | undefined {
    return this.entries[0]?.item;
  }

  pop(): T | undefined {
    const top = this.entries[0];
    if (top === undefined) return undefined;
    this.removeAt(0);
    return top.item;
  }

  /** Removes the item with this key; false when there is none. */
  delete(key: string): boolean {
    const index = this.indexes.get(key);
    if (index === undefined) return false;
    this.removeAt(index);
    return true;
  }

  /** Every item, in no particular order. */
  list(): T[] {
    return this.entries.map((entry) => entry.item);
  }

  private removeAt(index: number): void {
    const last = this.entries.length - 1;
    this.swap(index, last);
    this.indexes.delete(this.entries[last].key);
    this.entries.pop();
    if (index < last) this.fix(index);
  }

  private fix(index: number): void {
    if (!this.up(index)) this.down(index);
  }

  /** Moves the entry towards the root while it comes out before its parent; true if it moved. */
  private up(index: number): boolean {
    let child = index;
    while (child > 0) {
      const parent = (child - 1) >> 1;
      if (!this.less(child, parent)) break;
      this.swap(child, parent);
      child = parent;
    }
    return child !== index;
  }

  private down(index: number): void {
    let parent = index;
    for (;;) {
      const left = 2 * parent + 1;
      if (left >= this.entries.length) return;
      const right = left + 1;
      const first = right < this.entries.length && this.less(right, left) ? right : left;
      if (!this.less(first, parent)) return;
      this.swap(first, parent);
      parent = first;
    }
  }

  private less(i: number, j: number): boolean {
    const a = this.entries[i];
    const b = this.entries[j];
    if (this.lessFunc(a.item, b.item)) return true;
    if (this.lessFunc(b.item, a.item)) return false;
    return a.sequence < b.sequence;
  }

  private swap(i: number, j: number): void {
    const a = this.entries[i];
    const b = this.entries[j];
    this.entries[i] = b;
    this.entries[j] = a;
    this.indexes.set(b.key, i);
    this.indexes.set(a.key, j);
  }
}
