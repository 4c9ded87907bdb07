import test from 'ava';
import { IntOrPercentError, maxSurge, maxUnavailable, scaledValue } from './fenceposts.js';
import type { DeploymentObject } from './types.js';

const rolling = (replicas: number, surge: number | string, unavailable: number | string): DeploymentObject => ({
  spec: { replicas, selector: {}, template: {}, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: surge, maxUnavailable: unavailable } } },
});

test('percentages scale with the replicas: surge rounds up, unavailability down', (t) => {
  t.is(maxSurge(rolling(10, '25%', '25%')), 3);
  t.is(maxUnavailable(rolling(10, '25%', '25%')), 2);
  t.is(maxSurge(rolling(10, 2, 1)), 2);
  t.is(maxUnavailable(rolling(10, 2, 1)), 1);
});

test('both fenceposts at zero leave one pod unavailable; unavailability never exceeds the replicas', (t) => {
  t.is(maxUnavailable(rolling(3, '10%', '10%')), 0);
  t.is(maxUnavailable(rolling(3, 0, '10%')), 1);
  t.is(maxUnavailable(rolling(2, 0, 5)), 2);
  t.is(maxUnavailable(rolling(0, 0, 5)), 0);
});

test('Recreate has no surge and no unavailability budget; a bad value is an error', (t) => {
  const recreate: DeploymentObject = { spec: { replicas: 3, selector: {}, template: {}, strategy: { type: 'Recreate' } } };
  t.is(maxSurge(recreate), 0);
  t.is(maxUnavailable(recreate), 0);
  t.throws(() => scaledValue('x%', 10, true), { instanceOf: IntOrPercentError });
});
