import { mainOf, type Rev } from './revision.js';

/**
 * One life of a key, from creation to (optionally) its tombstone, as etcd's `generation`.
 * `ver` counts every change of this life, including those compacted away.
 */
export interface Generation {
  ver: number;
  created: Rev;
  revs: Rev[];
}

export interface KeyRevision {
  modified: Rev;
  created: Rev;
  ver: number;
}

/**
 * Every revision of one key that the store still holds, grouped into generations
 * (etcd's keyIndex). The last generation is the live one; it is empty after a delete.
 */
export class KeyIndex {
  modified: Rev = 0;
  generations: Generation[] = [{ ver: 0, created: 0, revs: [] }];

  constructor(readonly key: string) {}

  put(r: Rev): void {
    const g = this.generations[this.generations.length - 1];
    if (g.revs.length === 0) g.created = r;
    g.revs.push(r);
    g.ver++;
    this.modified = r;
  }

  /** Rebuilds the first remembered revision of a generation after a restart (etcd's restore). */
  restore(created: Rev, modified: Rev, ver: number): void {
    const g = this.generations[this.generations.length - 1];
    g.created = created;
    g.ver = ver;
    g.revs.push(modified);
    this.modified = modified;
  }

  tombstone(r: Rev): void {
    this.put(r);
    this.generations.push({ ver: 0, created: 0, revs: [] });
  }

  /** True when the key exists now (its live generation is not empty). */
  get live(): boolean {
    return this.generations[this.generations.length - 1].revs.length > 0;
  }

  get isEmpty(): boolean {
    return this.generations.length === 1 && this.generations[0].revs.length === 0;
  }

  /** The key's revision visible at main revision `atMain`, or undefined if it did not exist then. */
  get(atMain: number): KeyRevision | undefined {
    const last = this.generations.length - 1;
    for (let gi = last; gi >= 0; gi--) {
      const g = this.generations[gi];
      if (g.revs.length === 0) continue;
      // A closed generation whose tombstone is at or before atMain: the key was deleted then.
      if (gi !== last && mainOf(g.revs[g.revs.length - 1]) <= atMain) return undefined;
      if (mainOf(g.revs[0]) > atMain) continue;
      for (let n = g.revs.length - 1; n >= 0; n--) {
        if (mainOf(g.revs[n]) <= atMain) {
          return { modified: g.revs[n], created: g.created, ver: g.ver - (g.revs.length - 1 - n) };
        }
      }
    }
    return undefined;
  }

  /**
   * Forgets what a read at `atMain` or later can no longer see: every revision before the
   * latest one at or below atMain, and whole generations that ended before atMain.
   * A tombstone at exactly atMain is kept, so a watch from the compaction revision still
   * sees that delete (etcd drops it). Returns the forgotten revisions.
   */
  compact(atMain: number, removed: Rev[]): void {
    let gi = 0;
    const last = this.generations.length - 1;
    while (gi < last) {
      const g = this.generations[gi];
      if (mainOf(g.revs[g.revs.length - 1]) >= atMain) break;
      for (const r of g.revs) removed.push(r);
      gi++;
    }
    const g = this.generations[gi];
    let keep = -1;
    for (let n = g.revs.length - 1; n >= 0; n--) {
      if (mainOf(g.revs[n]) <= atMain) {
        keep = n;
        break;
      }
    }
    for (let n = 0; n < keep; n++) removed.push(g.revs[n]);
    if (keep > 0) g.revs = g.revs.slice(keep);
    if (gi > 0) this.generations = this.generations.slice(gi);
  }

  /**
   * The key's revision just before main revision of `r` (etcd's prev_kv: the value at
   * rev - 1), if the store still holds it. It is always in r's generation; a change made
   * earlier in the same transaction does not count.
   */
  previous(r: Rev): Rev | undefined {
    const main = mainOf(r);
    for (const g of this.generations) {
      const n = g.revs.indexOf(r);
      if (n < 0) continue;
      for (let i = n - 1; i >= 0; i--) if (mainOf(g.revs[i]) < main) return g.revs[i];
      return undefined;
    }
    return undefined;
  }
}
