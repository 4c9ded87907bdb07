import test from 'ava';
import type { PodStatus } from 'kubernetes-types/core/v1.js';
import { withPodCondition } from './pod-condition.js';

const NOW = new Date('2026-12-02T10:00:00Z');
const status: PodStatus = { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2026-12-01T00:00:00Z' }] };

test('a condition is added, or changed with a new transition time only when its status changes, or left alone', (t) => {
  t.deepEqual(withPodCondition(status, { type: 'Ready', status: 'False' }, NOW)?.conditions, [{ type: 'Ready', status: 'False', lastTransitionTime: '2026-12-02T10:00:00Z' }]);
  t.is(withPodCondition(status, { type: 'Ready', status: 'True' }, NOW), undefined);
  t.deepEqual(withPodCondition(status, { type: 'Ready', status: 'True', reason: 'X' }, NOW)?.conditions?.[0], { type: 'Ready', status: 'True', reason: 'X', lastTransitionTime: '2026-12-01T00:00:00Z' });
  const added = withPodCondition(status, { type: 'DisruptionTarget', status: 'True', reason: 'DeletionByTaintManager' }, NOW);
  t.is(added?.phase, 'Running');
  t.deepEqual(added?.conditions?.map((c) => c.type), ['Ready', 'DisruptionTarget']);
});
