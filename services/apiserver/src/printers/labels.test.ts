import test from 'ava';
import { formatLabelSelector, formatLabels, selectorString } from './labels.js';

test('formatLabels sorts by key and says <none> for no labels', (t) => {
  t.is(formatLabels({ tier: 'front', app: 'web' }), 'app=web,tier=front');
  t.is(formatLabels({}), '<none>');
  t.is(formatLabels(undefined), '<none>');
});

test('a selector prints its requirements sorted by key, values sorted', (t) => {
  const selector = {
    matchLabels: { tier: 'front', app: 'web' },
    matchExpressions: [
      { key: 'env', operator: 'In', values: ['prod', 'dev'] },
      { key: 'zone', operator: 'NotIn', values: ['b'] },
      { key: 'gpu', operator: 'Exists' },
      { key: 'legacy', operator: 'DoesNotExist' },
    ],
  };
  t.is(selectorString(selector), 'app=web,env in (dev,prod),gpu,!legacy,tier=front,zone notin (b)');
});

test('an empty or missing selector is "" as a string and <none> formatted; an invalid one is an error', (t) => {
  t.is(selectorString({}), '');
  t.is(selectorString(undefined), '');
  t.is(formatLabelSelector({}), '<none>');
  t.is(formatLabelSelector(undefined), '<none>');
  t.is(selectorString({ matchExpressions: [{ key: 'a', operator: 'Near' }] }), undefined);
  t.is(formatLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Near' }] }), '<error>');
  t.is(formatLabelSelector({ matchLabels: { 'bad key': 'x' } }), '<error>');
});
