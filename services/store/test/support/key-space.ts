import { prefixEnd } from '@kubeling/testing';
import type { SeededRandom } from './seeded-random.js';

/**
 * The keys a generated run writes: few, so that operations collide, with prefixes that nest
 * and 0xff bytes whose prefix end is "\0" (from-key). Twelve at most on purpose: etcd sorts
 * ranges with Go's sort.Sort, which is a stable insertion sort up to 12 elements only, so ties
 * (same version, same value) keep key order on both sides.
 */
export const KEYS: readonly Buffer[] = ['a', 'a/0', 'a/1', 'a/2', 'ab', 'b', 'b/0', 'b/1', 'c', 'c/0']
  .map((k) => Buffer.from(k))
  .concat([Buffer.from([0xff]), Buffer.from([0xff, 0xff])]);

/** Range bounds that are not keys: between, before and after them. */
const BOUNDS: readonly Buffer[] = ['0', 'a/', 'a/1\0', 'a0', 'b/', 'b/2', 'bb', 'd'].map((k) => Buffer.from(k)).concat([Buffer.from([0xff, 0])]);

const PREFIXES: readonly Buffer[] = ['a', 'a/', 'b', 'b/', 'c', 'z'].map((k) => Buffer.from(k)).concat([Buffer.from([0xff])]);

export const VALUES: readonly Buffer[] = ['', 'v0', 'v1', 'v2', 'v3', 'w'].map((v) => Buffer.from(v));

const EMPTY = Buffer.alloc(0);
const FROM_KEY = Buffer.from([0]);

export interface KeyRange {
  key: Buffer;
  rangeEnd: Buffer;
}

export function pickKey(rng: SeededRandom): Buffer {
  return rng.pick(KEYS);
}

/** A key to write: one of KEYS, now and then the empty key (which etcd refuses). */
export function pickWriteKey(rng: SeededRandom): Buffer {
  return rng.chance(0.01) ? EMPTY : pickKey(rng);
}

export function pickValue(rng: SeededRandom): Buffer {
  return rng.pick(VALUES);
}

const pickBound = (rng: SeededRandom) => (rng.chance(0.6) ? pickKey(rng) : rng.pick(BOUNDS));

/**
 * A key or range as a request names it: one key (present or not), a prefix, from-key, the
 * whole keyspace, an arbitrary [key, range_end) that may end before it starts, or (rarely)
 * an empty key.
 */
export function pickRange(rng: SeededRandom): KeyRange {
  return rng.weighted<() => KeyRange>([
    [40, () => ({ key: pickBound(rng), rangeEnd: EMPTY })],
    [20, () => {
      const prefix = rng.pick(PREFIXES);
      return { key: prefix, rangeEnd: prefixEnd(prefix) };
    }],
    [8, () => ({ key: pickBound(rng), rangeEnd: FROM_KEY })],
    [6, () => ({ key: FROM_KEY, rangeEnd: FROM_KEY })],
    [24, () => ({ key: pickBound(rng), rangeEnd: pickBound(rng) })],
    [2, () => ({ key: EMPTY, rangeEnd: rng.chance(0.5) ? EMPTY : pickBound(rng) })],
  ])();
}
