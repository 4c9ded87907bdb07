import test from 'ava';
import { REVISION_ANNOTATION, REVISION_HISTORY_ANNOTATION, setNewReplicaSetAnnotations } from './annotations.js';
import type { DeploymentObject, ReplicaSetObject } from './types.js';

const deployment: DeploymentObject = {
  metadata: { name: 'web', annotations: { 'kubernetes.io/change-cause': 'v2', [REVISION_ANNOTATION]: '7', 'kubectl.kubernetes.io/last-applied-configuration': '{}' } },
  spec: { replicas: 3, selector: {}, template: {} },
};
const rs = (annotations?: Record<string, string>): ReplicaSetObject => ({ metadata: { name: 'web-abc', annotations }, spec: { selector: {} } });

test('a new ReplicaSet gets the revision, the replicas annotations and the deployment annotations that are copied', (t) => {
  const created = rs();
  t.true(setNewReplicaSetAnnotations(deployment, created, 1, { desired: 3, max: 4 }));
  t.deepEqual(created.metadata?.annotations, {
    'kubernetes.io/change-cause': 'v2',
    [REVISION_ANNOTATION]: '1',
    'deployment.kubernetes.io/desired-replicas': '3',
    'deployment.kubernetes.io/max-replicas': '4',
  });
});

test('a reused ReplicaSet takes the higher revision and keeps its past ones; a current one is left alone', (t) => {
  const reused = rs({ [REVISION_ANNOTATION]: '1', 'kubernetes.io/change-cause': 'v2' });
  t.true(setNewReplicaSetAnnotations(deployment, reused, 3));
  t.like(reused.metadata?.annotations, { [REVISION_ANNOTATION]: '3', [REVISION_HISTORY_ANNOTATION]: '1' });
  t.true(setNewReplicaSetAnnotations(deployment, reused, 5));
  t.like(reused.metadata?.annotations, { [REVISION_ANNOTATION]: '5', [REVISION_HISTORY_ANNOTATION]: '1,3' });
  t.false(setNewReplicaSetAnnotations(deployment, reused, 5));
  t.false(setNewReplicaSetAnnotations(deployment, reused, 4));
});
