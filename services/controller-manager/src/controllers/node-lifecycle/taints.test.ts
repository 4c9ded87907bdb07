import test from 'ava';
import type { Node, Taint } from 'kubernetes-types/core/v1.js';
import { noExecuteTaintFor, noScheduleTaintChanges, swapTaints, UNREACHABLE_TAINT, NOT_READY_TAINT } from './taints.js';

const node = (conditions: Record<string, string>, taints: Taint[] = [], unschedulable = false): Node => ({
  metadata: { name: 'n' },
  spec: { taints, unschedulable },
  status: { conditions: Object.entries(conditions).map(([type, status]) => ({ type, status })) },
});

test('NoSchedule taints follow the conditions and spec.unschedulable; taints of others stay', (t) => {
  const n = node({ Ready: 'Unknown', MemoryPressure: 'True', DiskPressure: 'False' }, [{ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }, { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }], true);
  t.deepEqual(noScheduleTaintChanges(n), {
    add: [
      { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/memory-pressure', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' },
    ],
    remove: [{ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }],
  });
  t.deepEqual(noScheduleTaintChanges(node({ Ready: 'True' }, [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }])), { add: [], remove: [] }, 'NoExecute taints are not this pass\'s');
  t.deepEqual(noScheduleTaintChanges(node({ Ready: 'False' })).add, [{ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }]);
});

test('swapping taints stamps the added ones and keeps the rest in order; no change is undefined', (t) => {
  const current: Taint[] = [{ key: 'a', effect: 'NoSchedule' }, { ...NOT_READY_TAINT, timeAdded: '2026-01-01T00:00:00Z' }];
  t.deepEqual(swapTaints(current, [UNREACHABLE_TAINT], [NOT_READY_TAINT], '2026-12-02T10:00:00Z'), [
    { key: 'a', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: '2026-12-02T10:00:00Z' },
  ]);
  t.is(swapTaints([{ ...UNREACHABLE_TAINT, timeAdded: 'x' }], [UNREACHABLE_TAINT], [NOT_READY_TAINT], 'y'), undefined, 'already there: its timeAdded stays');
  t.is(swapTaints(undefined, [], [UNREACHABLE_TAINT], 'y'), undefined);
  t.deepEqual(swapTaints([UNREACHABLE_TAINT], [], [UNREACHABLE_TAINT, NOT_READY_TAINT], 'y'), []);
});

test('the NoExecute taint follows Ready: False is not-ready, Unknown unreachable, each excluding the other', (t) => {
  t.deepEqual(noExecuteTaintFor('False'), [NOT_READY_TAINT, UNREACHABLE_TAINT]);
  t.deepEqual(noExecuteTaintFor('Unknown'), [UNREACHABLE_TAINT, NOT_READY_TAINT]);
  t.is(noExecuteTaintFor('True'), undefined);
});
