import test from 'ava';
import { selectHost, type NodePluginScores } from './select-host.js';

const scored = (totals: Record<string, number>): NodePluginScores[] => Object.entries(totals).map(([name, totalScore]) => ({ name, scores: [], totalScore }));

test('the node with the highest total wins', (t) => {
  t.is(selectHost(scored({ a: 10, b: 300, c: 20 }), () => 0.99), 'b');
  t.is(selectHost([], Math.random), undefined);
});

test('ties are broken by reservoir sampling: the k-th tied node replaces the choice when random() < 1/k', (t) => {
  const ties = scored({ a: 50, low: 10, b: 50, c: 50 });
  // b is the 2nd tie (kept with 1/2), c the 3rd (kept with 1/3).
  t.is(selectHost(ties, sequence([0.4, 0.9])), 'b');
  t.is(selectHost(ties, sequence([0.9, 0.9])), 'a');
  t.is(selectHost(ties, sequence([0.9, 0.2])), 'c');
});

test('each tied node is chosen about equally often', (t) => {
  const counts = new Map<string, number>();
  let seed = 42;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let i = 0; i < 3000; i++) {
    const host = selectHost(scored({ a: 1, b: 1, c: 1 }), random) ?? '';
    counts.set(host, (counts.get(host) ?? 0) + 1);
  }
  for (const name of ['a', 'b', 'c']) t.true(Math.abs((counts.get(name) ?? 0) - 1000) < 150, `${name}: ${counts.get(name)}`);
});

function sequence(values: number[]): () => number {
  let i = 0;
  return () => values[i++ % values.length];
}
