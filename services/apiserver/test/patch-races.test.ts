import test from 'ava';
import type { KubeObject } from '@kubeling/client';
import { codeOf, useApiServer } from './api-fixture.js';

const api = useApiServer();
const CONFIGMAPS = { version: 'v1', resource: 'configmaps', namespace: 'default' };
const DEPLOYMENTS = { group: 'apps', version: 'v1', resource: 'deployments', namespace: 'default' };

test('concurrent patches of one object all land: the current resourceVersion they were merged onto is no precondition', async (t) => {
  await api.client.create(CONFIGMAPS, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'raced' } });
  const ref = { ...CONFIGMAPS, name: 'raced' };
  await Promise.all(Array.from({ length: 20 }, (_, i) => api.client.patch(ref, i % 2 ? 'merge' : 'strategic', { metadata: { annotations: { [`writer-${i}`]: 'yes' } } })));
  const got = await api.client.get<KubeObject & { metadata: { annotations?: Record<string, string> } }>(ref);
  t.is(Object.keys(got.metadata.annotations ?? {}).length, 20);
});

test('a patch that names a resourceVersion is conditional on it: 409 once the object moved on', async (t) => {
  const made = await api.client.create(CONFIGMAPS, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'guarded' }, data: { a: '1' } });
  const ref = { ...CONFIGMAPS, name: 'guarded' };
  await api.client.patch(ref, 'merge', { data: { a: '2' } });
  t.is(await codeOf(api.client.patch(ref, 'merge', { metadata: { resourceVersion: made.metadata!.resourceVersion }, data: { a: '3' } })), 409);
  const current = await api.client.get(ref);
  t.is(await codeOf(api.client.patch(ref, 'merge', { metadata: { resourceVersion: current.metadata!.resourceVersion }, data: { a: '3' } })), 0);
});

test('scale patches race too: each lands on the fresh object', async (t) => {
  await api.client.create(DEPLOYMENTS, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'scaled' },
    spec: { replicas: 1, selector: { matchLabels: { app: 'scaled' } }, template: { metadata: { labels: { app: 'scaled' } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } } },
  });
  const ref = { ...DEPLOYMENTS, name: 'scaled' };
  const results = await Promise.all([
    ...Array.from({ length: 5 }, (_, i) => codeOf(api.client.patch({ ...ref, subresource: 'scale' }, 'merge', { spec: { replicas: i + 2 } }))),
    ...Array.from({ length: 5 }, (_, i) => codeOf(api.client.patch(ref, 'merge', { metadata: { annotations: { [`n${i}`]: 'x' } } }))),
  ]);
  t.deepEqual(results, Array(10).fill(0));
});
