import test from 'ava';
import { unschedulableCondition } from './pod-condition.js';

const now = new Date('2026-12-02T15:00:00.123Z');

test('a pod that fits nowhere gets PodScheduled=False, Unschedulable with the message, at second precision', (t) => {
  t.deepEqual(unschedulableCondition({}, '0/1 nodes are available: 1 Insufficient cpu.', now), {
    type: 'PodScheduled',
    status: 'False',
    reason: 'Unschedulable',
    message: '0/1 nodes are available: 1 Insufficient cpu.',
    lastTransitionTime: '2026-12-02T15:00:00Z',
  });
});

test('the same verdict again is no change; a new message keeps the transition time', (t) => {
  const pod = { status: { conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: 'm1', lastTransitionTime: '2026-12-02T14:00:00Z' }] } };
  t.is(unschedulableCondition(pod, 'm1', now), undefined);
  t.is(unschedulableCondition(pod, 'm2', now)?.lastTransitionTime, '2026-12-02T14:00:00Z');
});
