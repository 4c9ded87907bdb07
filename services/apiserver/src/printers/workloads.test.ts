import test from 'ava';
import type { DaemonSet, Deployment, ReplicaSet, StatefulSet } from 'kubernetes-types/apps/v1.js';
import { daemonSetPrinter, deploymentPrinter, replicaSetPrinter, statefulSetPrinter } from './workloads.js';

const now = new Date('2026-11-24T12:00:00Z');
const metadata = { name: 'web', namespace: 'default', creationTimestamp: '2026-11-24T11:55:00Z' };
const template = {
  metadata: { labels: { app: 'web' } },
  spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }, { name: 'sidecar', image: 'busybox' }] },
};

const names = (columns: ReadonlyArray<{ name: string; priority: number }>) => columns.map((c) => (c.priority ? `(${c.name})` : c.name));

test('deployments: NAME READY UP-TO-DATE AVAILABLE AGE, wide CONTAINERS IMAGES SELECTOR', (t) => {
  const deployment: Deployment = {
    metadata,
    spec: { replicas: 3, selector: { matchLabels: { app: 'web', tier: 'front' } }, template },
    status: { replicas: 3, readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 },
  };
  t.deepEqual(names(deploymentPrinter.columns), ['Name', 'Ready', 'Up-to-date', 'Available', 'Age', '(Containers)', '(Images)', '(Selector)']);
  t.deepEqual(deploymentPrinter.cells(deployment, now), ['web', '2/3', 3, 2, '5m', 'nginx,sidecar', 'nginx:1.27,busybox', 'app=web,tier=front']);
});

test('a new deployment without status shows 0/N and zero counts', (t) => {
  const deployment: Deployment = { metadata, spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template } };
  t.deepEqual(deploymentPrinter.cells(deployment, now).slice(1, 4), ['0/2', 0, 0]);
});

test('an invalid deployment selector shows <invalid>', (t) => {
  const deployment: Deployment = { metadata, spec: { selector: { matchExpressions: [{ key: 'app', operator: 'Bogus' }] }, template } };
  t.is(deploymentPrinter.cells(deployment, now)[7], '<invalid>');
});

test('replicasets: NAME DESIRED CURRENT READY AGE, wide CONTAINERS IMAGES SELECTOR', (t) => {
  const replicaSet: ReplicaSet = {
    metadata: { ...metadata, name: 'web-7d4b9c' },
    spec: { replicas: 3, selector: { matchLabels: { app: 'web', 'pod-template-hash': '7d4b9c' } }, template },
    status: { replicas: 3, readyReplicas: 1 },
  };
  t.deepEqual(names(replicaSetPrinter.columns), ['Name', 'Desired', 'Current', 'Ready', 'Age', '(Containers)', '(Images)', '(Selector)']);
  t.deepEqual(replicaSetPrinter.cells(replicaSet, now), ['web-7d4b9c', 3, 3, 1, '5m', 'nginx,sidecar', 'nginx:1.27,busybox', 'app=web,pod-template-hash=7d4b9c']);
});

test('daemonsets: NODE SELECTOR shows <none> without one', (t) => {
  const daemonSet: DaemonSet = {
    metadata: { ...metadata, name: 'fluentd' },
    spec: { selector: { matchLabels: { app: 'fluentd' } }, template: { spec: { containers: [{ name: 'fluentd', image: 'fluentd' }] } } },
    status: { desiredNumberScheduled: 2, currentNumberScheduled: 2, numberReady: 1, updatedNumberScheduled: 2, numberAvailable: 1, numberMisscheduled: 0 },
  };
  t.deepEqual(names(daemonSetPrinter.columns), ['Name', 'Desired', 'Current', 'Ready', 'Up-to-date', 'Available', 'Node Selector', 'Age', '(Containers)', '(Images)', '(Selector)']);
  t.deepEqual(daemonSetPrinter.cells(daemonSet, now), ['fluentd', 2, 2, 1, 2, 1, '<none>', '5m', 'fluentd', 'fluentd', 'app=fluentd']);
  const linuxOnly: DaemonSet = { ...daemonSet, spec: { ...daemonSet.spec!, template: { spec: { nodeSelector: { 'kubernetes.io/os': 'linux' }, containers: [] } } } };
  t.is(daemonSetPrinter.cells(linuxOnly, now)[6], 'kubernetes.io/os=linux');
});

test('statefulsets: NAME READY AGE, wide CONTAINERS IMAGES', (t) => {
  const statefulSet: StatefulSet = { metadata: { ...metadata, name: 'db' }, spec: { replicas: 3, serviceName: 'db', selector: {}, template }, status: { replicas: 3, readyReplicas: 3 } };
  t.deepEqual(names(statefulSetPrinter.columns), ['Name', 'Ready', 'Age', '(Containers)', '(Images)']);
  t.deepEqual(statefulSetPrinter.cells(statefulSet, now), ['db', '3/3', '5m', 'nginx,sidecar', 'nginx:1.27,busybox']);
});
