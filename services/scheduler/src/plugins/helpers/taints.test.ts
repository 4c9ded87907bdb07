import test from 'ava';
import type { Taint, Toleration } from 'kubernetes-types/core/v1.js';
import { findUntoleratedTaint, isDoNotScheduleTaint, toleratesTaint } from './taints.js';

const taint: Taint = { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' };

test('Equal (or no operator) needs key, value and effect to match', (t) => {
  t.true(toleratesTaint({ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }, taint));
  t.true(toleratesTaint({ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }, taint), 'no operator means Equal');
  t.false(toleratesTaint({ key: 'dedicated', operator: 'Equal', value: 'cpu', effect: 'NoSchedule' }, taint));
  t.false(toleratesTaint({ key: 'other', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }, taint));
  t.false(toleratesTaint({ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoExecute' }, taint));
});

test('Exists ignores the value; an empty effect matches every effect', (t) => {
  t.true(toleratesTaint({ key: 'dedicated', operator: 'Exists', effect: 'NoSchedule' }, taint));
  t.true(toleratesTaint({ key: 'dedicated', operator: 'Exists' }, taint));
  t.true(toleratesTaint({ key: 'dedicated', value: 'gpu' }, { ...taint, effect: 'NoExecute' }));
  t.false(toleratesTaint({ key: 'other', operator: 'Exists' }, taint));
});

test('an empty key with Exists tolerates every taint', (t) => {
  const everything: Toleration = { operator: 'Exists' };
  for (const effect of ['NoSchedule', 'NoExecute', 'PreferNoSchedule']) t.true(toleratesTaint(everything, { key: 'any', value: 'thing', effect }));
  t.false(toleratesTaint({ operator: 'Exists', effect: 'NoExecute' }, taint), 'unless it names another effect');
});

test('an unknown operator tolerates nothing; a value-less taint matches an empty value', (t) => {
  t.false(toleratesTaint({ key: 'dedicated', operator: 'Gt', value: 'gpu' }, taint));
  t.true(toleratesTaint({ key: 'flag', operator: 'Equal' }, { key: 'flag', effect: 'NoSchedule' }));
});

test('the first untolerated NoSchedule/NoExecute taint is found, in the node\'s order; PreferNoSchedule never blocks', (t) => {
  const taints: Taint[] = [
    { key: 'soft', effect: 'PreferNoSchedule' },
    { key: 'a', effect: 'NoSchedule' },
    { key: 'b', effect: 'NoExecute' },
  ];
  t.is(findUntoleratedTaint(taints, [], isDoNotScheduleTaint)?.key, 'a');
  t.is(findUntoleratedTaint(taints, [{ key: 'a', operator: 'Exists' }], isDoNotScheduleTaint)?.key, 'b');
  t.is(findUntoleratedTaint(taints, [{ key: 'a', operator: 'Exists' }, { key: 'b', operator: 'Exists' }], isDoNotScheduleTaint), undefined);
});
