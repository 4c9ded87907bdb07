import test from 'ava';
import { buildLease, NODE_LEASE_NAMESPACE } from './node-lease.js';

test('a node lease is held by the node, owned by it, and renewed now as a MicroTime', (t) => {
  t.deepEqual(buildLease('hollow-node-0', 'uid-0', 40, new Date('2026-12-02T14:00:00Z')), {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name: 'hollow-node-0', namespace: NODE_LEASE_NAMESPACE, ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: 'hollow-node-0', uid: 'uid-0' }] },
    spec: { holderIdentity: 'hollow-node-0', leaseDurationSeconds: 40, renewTime: '2026-12-02T14:00:00.000000Z' },
  });
});
