import test from 'ava';
import type { ControllerRevision } from 'kubernetes-types/apps/v1.js';
import { controllerRevisionPrinter } from './controller-revisions.js';

const now = new Date('2026-11-24T12:00:00Z');
const metadata = { name: 'fluentd-5d8f9', namespace: 'kube-system', creationTimestamp: '2026-11-24T11:55:00Z' };

test('controllerrevisions: CONTROLLER as kind.group/name', (t) => {
  const revision = (ownerReferences: NonNullable<ControllerRevision['metadata']>['ownerReferences']): ControllerRevision => ({
    metadata: { ...metadata, ownerReferences },
    revision: 2,
  });
  const owner = { apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'fluentd', uid: 'u1' };
  t.deepEqual(controllerRevisionPrinter.columns.map((c) => c.name), ['Name', 'Controller', 'Revision', 'Age']);
  t.deepEqual(controllerRevisionPrinter.cells(revision([{ ...owner, controller: true }]), now), ['fluentd-5d8f9', 'daemonset.apps/fluentd', 2, '5m']);
  t.is(controllerRevisionPrinter.cells(revision([owner]), now)[1], '<none>');
  t.is(controllerRevisionPrinter.cells(revision([{ apiVersion: 'v1', kind: 'Pod', name: 'p', uid: 'u2', controller: true }]), now)[1], 'pod/p');
});
