import test from 'ava';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { fakeListers } from '../../framework/testing/fake-handle.js';
import { makePod } from '../../framework/testing/objects.js';
import { defaultSelector } from './default-selector.js';

function owned(kind: string, apiVersion: string, labels: Record<string, string>): Pod {
  const pod = makePod('p', { labels });
  return { ...pod, metadata: { ...pod.metadata, ownerReferences: [{ apiVersion, kind, name: 'owner', uid: 'u', controller: true }] } };
}

const listers = fakeListers({
  services: [
    { metadata: { name: 'front', namespace: 'default' }, spec: { selector: { app: 'web' } } },
    { metadata: { name: 'other', namespace: 'default' }, spec: { selector: { app: 'db' } } },
    { metadata: { name: 'headless', namespace: 'default' }, spec: {} },
  ],
  replicaSets: [{ metadata: { name: 'owner', namespace: 'default' }, spec: { selector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['a', 'b'] }] }, template: {} } }],
  statefulSets: [{ metadata: { name: 'owner', namespace: 'default' }, spec: { selector: { matchLabels: { set: 's' } }, serviceName: 's', template: {} } }],
  replicationControllers: [{ metadata: { name: 'owner', namespace: 'default' }, spec: { selector: { rc: 'r' } } }],
});

test("the selectors of the pod's Services and its controller are ANDed", (t) => {
  t.is(defaultSelector(owned('ReplicaSet', 'apps/v1', { app: 'web', tier: 'a' }), listers).toString(), 'app=web,tier in (a,b)');
  t.is(defaultSelector(owned('StatefulSet', 'apps/v1', { set: 's' }), listers).toString(), 'set=s');
  t.is(defaultSelector(owned('ReplicationController', 'v1', { app: 'web', rc: 'r' }), listers).toString(), 'app=web,rc=r');
});

test('other owners, Services without selectors and unowned pods without Services add nothing', (t) => {
  t.is(defaultSelector(owned('Job', 'batch/v1', { app: 'web' }), listers).toString(), 'app=web');
  t.true(defaultSelector(makePod('p', { labels: { app: 'cache' } }), listers).empty());
});
