import test from 'ava';
import type { NodeCondition } from 'kubernetes-types/core/v1.js';
import { computeZoneState, handleDisruption, zoneKey } from './zones.js';

const ready = (status: string): NodeCondition => ({ type: 'Ready', status });
const conditions = (readyCount: number, notReady: number) => [...Array.from({ length: readyCount }, () => ready('True')), ...Array.from({ length: notReady }, () => ready('Unknown'))];

test('zone states by how many nodes are not Ready', (t) => {
  t.is(computeZoneState(conditions(1, 1)), 'Normal');
  t.is(computeZoneState(conditions(1, 2)), 'Normal', 'two down is never a disruption');
  t.is(computeZoneState(conditions(2, 3)), 'PartialDisruption', '3 of 5 is over 55%');
  t.is(computeZoneState(conditions(3, 3)), 'Normal', '3 of 6 is under 55%');
  t.is(computeZoneState([undefined, ready('False')]), 'FullDisruption');
  t.is(zoneKey({ metadata: { labels: {} } }), '');
  t.is(zoneKey({ metadata: { labels: { 'topology.kubernetes.io/zone': 'z1', 'topology.kubernetes.io/region': 'r' } } }), 'r:\x00:z1');
});

test('rates per zone state; every zone down stops all tainting, and coming back restarts the grace periods', (t) => {
  const zones = new Map([['a', conditions(1, 1)], ['b', conditions(1, 4)]]);
  const first = handleDisruption(new Map(), zones, 0.1);
  t.deepEqual([...first.states], [['a', 'Normal'], ['b', 'PartialDisruption']]);
  t.deepEqual([...first.rates], [['a', 0.1], ['b', 0]], 'a small zone in partial disruption is not tainted at all');
  const unchanged = handleDisruption(first.states, zones, 0.1);
  t.is(unchanged.rates.size, 0);

  const allDown = handleDisruption(first.states, new Map([['a', conditions(0, 2)], ['b', conditions(0, 5)]]), 0.1);
  t.true(allDown.enteredFullDisruption);
  t.deepEqual([...allDown.rates], [['a', 0], ['b', 0]]);
  const back = handleDisruption(allDown.states, new Map([['a', conditions(2, 0)], ['b', conditions(0, 5)]]), 0.1);
  t.true(back.leftFullDisruption);
  t.deepEqual([...back.rates], [['a', 0.1], ['b', 0.1]], 'a zone fully down while others are not is tainted at the normal rate');
});
