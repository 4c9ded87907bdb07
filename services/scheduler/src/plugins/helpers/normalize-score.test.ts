import test from 'ava';
import type { NodeScore } from '../../framework/interface.js';
import { defaultNormalizeScore } from './normalize-score.js';

const run = (raw: number[], reverse: boolean) => {
  const scores: NodeScore[] = raw.map((score, i) => ({ name: `n${i}`, score }));
  defaultNormalizeScore(100, reverse, scores);
  return scores.map(({ score }) => score);
};

test('scores scale so the highest is 100, truncating', (t) => {
  t.deepEqual(run([0, 1, 3], false), [0, 33, 100]);
  t.deepEqual(run([0, 0], false), [0, 0]);
});

test('reversed, the highest raw score gets 0; all zero means all 100', (t) => {
  t.deepEqual(run([0, 1, 3], true), [100, 67, 0]);
  t.deepEqual(run([0, 0], true), [100, 100]);
});
