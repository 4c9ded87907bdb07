import test from 'ava';
import { deploymentForPod, deploymentsSelecting, resolveControllerRef, type OwnerLookup } from './owners.js';
import type { DeploymentObject, ReplicaSetObject } from './types.js';

const d = (name: string, uid: string, matchLabels: Record<string, string>): DeploymentObject => ({ metadata: { name, namespace: 'ns', uid }, spec: { selector: { matchLabels }, template: {} } });
const deployments = [d('web', 'w1', { app: 'web' }), d('all', 'a1', {})];
const rs: ReplicaSetObject = {
  metadata: { name: 'web-abc', namespace: 'ns', uid: 'r1', labels: { app: 'web' }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'w1', controller: true }] },
  spec: { selector: {} },
};
const lookup: OwnerLookup = {
  deployment: (_ns, name) => deployments.find((x) => x.metadata?.name === name),
  deployments: () => deployments,
  replicaSet: (_ns, name) => (name === 'web-abc' ? rs : undefined),
};

test('a controller reference resolves only to the deployment with that uid', (t) => {
  t.is(resolveControllerRef(lookup, 'ns', rs.metadata?.ownerReferences?.[0])?.metadata?.name, 'web');
  t.is(resolveControllerRef(lookup, 'ns', { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'other' }), undefined);
  t.is(resolveControllerRef(lookup, 'ns', { apiVersion: 'v1', kind: 'ReplicationController', name: 'web', uid: 'w1' }), undefined);
});

test('an orphan is offered to the deployments selecting it, never to one with an empty selector', (t) => {
  t.deepEqual(deploymentsSelecting(lookup, rs).map((x) => x.metadata?.name), ['web']);
});

test('a pod leads through its ReplicaSet to the deployment', (t) => {
  const pod = { metadata: { namespace: 'ns', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-abc', uid: 'r1', controller: true }] } };
  t.is(deploymentForPod(lookup, pod)?.metadata?.name, 'web');
  t.is(deploymentForPod(lookup, { metadata: { namespace: 'ns' } }), undefined);
});
