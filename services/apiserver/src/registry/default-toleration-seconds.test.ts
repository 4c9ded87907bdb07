import test from 'ava';
import { ResourceRegistry } from '@kubeling/api';
import type { KubeObject } from '../storage/object.js';
import { defaultTolerations, defaultTolerationSeconds } from './default-toleration-seconds.js';

const OPTIONS = { notReadySeconds: 300, unreachableSeconds: 200 };
const registry = new ResourceRegistry();
const pods = registry.lookup('', 'v1', 'pods')!;
const pod = (tolerations?: unknown[]): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec: { containers: [], ...(tolerations ? { tolerations } : {}) } });

test('a pod without tolerations gets both, with the configured seconds', async (t) => {
  const obj = pod();
  await defaultTolerationSeconds(OPTIONS)(pods, obj, undefined);
  t.deepEqual((obj.spec as { tolerations: unknown }).tolerations, [
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 200 },
  ]);
});

test('a taint the pod already tolerates (by key and NoExecute or any effect) is left to its own toleration', (t) => {
  t.deepEqual(defaultTolerations([{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' }], OPTIONS).map((x) => x.key), ['node.kubernetes.io/not-ready']);
  t.deepEqual(defaultTolerations([{ key: 'node.kubernetes.io/not-ready', operator: 'Exists' }], OPTIONS).map((x) => x.key), ['node.kubernetes.io/unreachable']);
  t.deepEqual(defaultTolerations([{ operator: 'Exists' }], OPTIONS), [], 'an empty key with Exists tolerates everything');
  t.deepEqual(defaultTolerations([{ operator: 'Exists', effect: 'NoExecute' }], OPTIONS), []);
  t.is(defaultTolerations([{ operator: 'Exists', effect: 'NoSchedule' }], OPTIONS).length, 2, 'a NoSchedule toleration does not tolerate NoExecute');
  t.is(defaultTolerations([{ key: 'other', operator: 'Exists', effect: 'NoExecute' }], OPTIONS).length, 2);
});

test('updates and other resources are left alone; the pod keeps its own tolerations first', async (t) => {
  const admit = defaultTolerationSeconds(OPTIONS);
  const updated = pod();
  await admit(pods, updated, pod());
  t.is((updated.spec as { tolerations?: unknown }).tolerations, undefined);
  const service: KubeObject = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: {} };
  await admit(registry.lookup('', 'v1', 'services')!, service, undefined);
  t.deepEqual(service.spec, {});
  const own = pod([{ key: 'gpu', operator: 'Exists', effect: 'NoSchedule' }]);
  await admit(pods, own, undefined);
  t.deepEqual((own.spec as { tolerations: Array<{ key: string }> }).tolerations.map((x) => x.key), ['gpu', 'node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']);
});
