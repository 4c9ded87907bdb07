import { inRange } from '../mvcc/tree-index.js';
import type { Watcher } from './watcher.js';

/**
 * A set of watchers found by key (etcd's watcherGroup): single-key watchers in a map,
 * range watchers in a list.
 */
export class WatcherGroup {
  private readonly single = new Map<string, Set<Watcher>>();
  private readonly ranged = new Set<Watcher>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  add(w: Watcher): void {
    if (w.range.end === undefined) {
      let set = this.single.get(w.range.key);
      if (!set) this.single.set(w.range.key, (set = new Set()));
      set.add(w);
    } else {
      this.ranged.add(w);
    }
    this.count++;
  }

  delete(w: Watcher): boolean {
    let removed: boolean;
    if (w.range.end === undefined) {
      const set = this.single.get(w.range.key);
      removed = set?.delete(w) ?? false;
      if (set && set.size === 0) this.single.delete(w.range.key);
    } else {
      removed = this.ranged.delete(w);
    }
    if (removed) this.count--;
    return removed;
  }

  /** Calls `fn` for every watcher whose range holds `key`. */
  forKey(key: string, fn: (w: Watcher) => void): void {
    const set = this.single.get(key);
    if (set) for (const w of set) fn(w);
    for (const w of this.ranged) if (inRange(w.range, key)) fn(w);
  }

  *[Symbol.iterator](): Generator<Watcher> {
    for (const set of this.single.values()) yield* set;
    yield* this.ranged;
  }
}
