import test from 'ava';
import type { ResourceRef } from '@kubeling/client';
import { codeOf, useApiServer } from './api-fixture.js';

const api = useApiServer();
const k = (...args: string[]) => api.kubectl(args);
const ref = (resource: string, name?: string, group = ''): ResourceRef => ({ group, version: 'v1', resource, namespace: 'default', name });
const configmap = (name: string, meta: Record<string, unknown> = {}) => api.client.create(ref('configmaps'), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, ...meta } });
const meta = async (r: ResourceRef) => (await api.client.get(r)).metadata as { finalizers?: string[]; deletionTimestamp?: string; deletionGracePeriodSeconds?: number; resourceVersion?: string };
const gone = async (r: ResourceRef) => (await codeOf(api.client.get(r))) === 404;
const clearFinalizers = (r: ResourceRef) => api.client.patch(r, 'merge', { metadata: { finalizers: null } });

test.serial('gRPC: Orphan adds "orphan", Foreground "foregroundDeletion"; a second delete switches them; removing them deletes', async (t) => {
  await configmap('orphaned');
  await api.client.delete(ref('configmaps', 'orphaned'), { propagationPolicy: 'Orphan' });
  const orphaned = await meta(ref('configmaps', 'orphaned'));
  t.deepEqual(orphaned.finalizers, ['orphan']);
  t.truthy(orphaned.deletionTimestamp);
  t.is(orphaned.deletionGracePeriodSeconds, 0);

  await api.client.delete(ref('configmaps', 'orphaned'), { propagationPolicy: 'Foreground' });
  const foreground = await meta(ref('configmaps', 'orphaned'));
  t.deepEqual(foreground.finalizers, ['foregroundDeletion']);
  t.is(foreground.deletionTimestamp, orphaned.deletionTimestamp);

  const again = await api.client.delete(ref('configmaps', 'orphaned'));
  t.is(again.metadata?.resourceVersion, foreground.resourceVersion, 'a delete without a policy leaves a deleting object as it is');

  await clearFinalizers(ref('configmaps', 'orphaned'));
  t.true(await gone(ref('configmaps', 'orphaned')));
});

test.serial('gRPC: Background deletes at once unless the object has finalizers; the deprecated orphanDependents still orphans', async (t) => {
  await configmap('background');
  await api.client.delete(ref('configmaps', 'background'), { propagationPolicy: 'Background' });
  t.true(await gone(ref('configmaps', 'background')));

  await configmap('held', { finalizers: ['example.com/hold'] });
  await api.client.delete(ref('configmaps', 'held'), { propagationPolicy: 'Background' });
  t.deepEqual((await meta(ref('configmaps', 'held'))).finalizers, ['example.com/hold']);
  await clearFinalizers(ref('configmaps', 'held'));
  t.true(await gone(ref('configmaps', 'held')));

  await configmap('deprecated');
  await api.client.delete(ref('configmaps', 'deprecated'), { orphanDependents: true });
  t.deepEqual((await meta(ref('configmaps', 'deprecated'))).finalizers, ['orphan']);
  t.is(await codeOf(api.client.delete(ref('configmaps', 'deprecated'), { orphanDependents: true, propagationPolicy: 'Orphan' })), 422);
  await clearFinalizers(ref('configmaps', 'deprecated'));
});

test.serial('gRPC: without a policy v1 ReplicationControllers and batch/v1 Jobs orphan; apps/v1 Deployments and ConfigMaps go at once', async (t) => {
  const template = { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } };
  await api.client.create(ref('replicationcontrollers'), { apiVersion: 'v1', kind: 'ReplicationController', metadata: { name: 'rc' }, spec: { replicas: 0, selector: { app: 'x' }, template } });
  await api.client.delete(ref('replicationcontrollers', 'rc'));
  t.deepEqual((await meta(ref('replicationcontrollers', 'rc'))).finalizers, ['orphan']);

  const jobs = (name?: string): ResourceRef => ({ group: 'batch', version: 'v1', resource: 'jobs', namespace: 'default', name });
  await api.client.create(jobs(), { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'job' }, spec: { template: { spec: { ...template.spec, restartPolicy: 'Never' } } } });
  await api.client.delete(jobs('job'));
  t.deepEqual((await meta(jobs('job'))).finalizers, ['orphan']);

  const deployments = (name?: string): ResourceRef => ({ group: 'apps', version: 'v1', resource: 'deployments', namespace: 'default', name });
  await api.client.create(deployments(), { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'deploy' }, spec: { replicas: 0, selector: { matchLabels: { app: 'x' } }, template } });
  await api.client.delete(deployments('deploy'));
  t.true(await gone(deployments('deploy')));

  await clearFinalizers(ref('replicationcontrollers', 'rc'));
  await clearFinalizers(jobs('job'));
  t.true(await gone(ref('replicationcontrollers', 'rc')));
  t.true(await gone(jobs('job')));
});

test.serial('gRPC: a pod on a node is deleted gracefully with its finalizers; the kubelet\'s grace 0 leaves it to them, then it goes', async (t) => {
  const pod = (name: string, finalizers?: string[]) =>
    api.client.create(ref('pods'), { apiVersion: 'v1', kind: 'Pod', metadata: { name, ...(finalizers ? { finalizers } : {}) }, spec: { nodeName: 'node-1', containers: [{ name: 'c', image: 'busybox' }] } });
  const created = await pod('held-pod', ['example.com/hold']);
  const before = Date.now();
  await api.client.delete(ref('pods', 'held-pod'), { propagationPolicy: 'Foreground' });
  const terminating = await meta(ref('pods', 'held-pod'));
  t.is(terminating.deletionGracePeriodSeconds, 30);
  t.true(Date.parse(terminating.deletionTimestamp!) >= Math.floor(before / 1000) * 1000 + 29_000, 'deletionTimestamp is now + the grace period');
  t.deepEqual(terminating.finalizers, ['example.com/hold', 'foregroundDeletion']);

  await api.client.delete(ref('pods', 'held-pod'), { propagationPolicy: 'Orphan' });
  t.deepEqual((await meta(ref('pods', 'held-pod'))).finalizers, ['example.com/hold', 'foregroundDeletion'], 'finalizers stay while graceful deletion is pending');

  await api.client.delete(ref('pods', 'held-pod'), { gracePeriodSeconds: 0, preconditions: { uid: created.metadata!.uid } });
  const finished = await meta(ref('pods', 'held-pod'));
  t.is(finished.deletionGracePeriodSeconds, 0);
  await clearFinalizers(ref('pods', 'held-pod'));
  t.true(await gone(ref('pods', 'held-pod')));

  await pod('plain-pod');
  await api.client.delete(ref('pods', 'plain-pod'));
  t.is((await meta(ref('pods', 'plain-pod'))).deletionGracePeriodSeconds, 30);
  await api.client.delete(ref('pods', 'plain-pod'), { gracePeriodSeconds: 0 });
  t.true(await gone(ref('pods', 'plain-pod')));
});

test.serial('HTTP: kubectl --cascade=foreground/orphan, a raw DELETE with the default policy, a collection, and a bad policy', async (t) => {
  await configmap('kubectl-fg');
  const fg = await k('delete', 'configmap', 'kubectl-fg', '--cascade=foreground', '--wait=false');
  t.is(fg.stdout.trim(), 'configmap "kubectl-fg" deleted', fg.stderr);
  t.deepEqual((await meta(ref('configmaps', 'kubectl-fg'))).finalizers, ['foregroundDeletion']);
  t.is((await k('delete', 'configmap', 'kubectl-fg', '--cascade=orphan', '--wait=false')).code, 0);
  t.deepEqual((await meta(ref('configmaps', 'kubectl-fg'))).finalizers, ['orphan']);
  await clearFinalizers(ref('configmaps', 'kubectl-fg'));

  await configmap('kubectl-bg');
  t.is((await k('delete', 'configmap', 'kubectl-bg')).code, 0, 'kubectl sends Background and waits: nothing holds it');
  t.true(await gone(ref('configmaps', 'kubectl-bg')));

  await api.client.create(ref('replicationcontrollers'), {
    apiVersion: 'v1',
    kind: 'ReplicationController',
    metadata: { name: 'raw-rc' },
    spec: { replicas: 0, selector: { app: 'y' }, template: { metadata: { labels: { app: 'y' } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } } },
  });
  t.is((await k('delete', '--raw', '/api/v1/namespaces/default/replicationcontrollers/raw-rc')).code, 0);
  t.deepEqual((await meta(ref('replicationcontrollers', 'raw-rc'))).finalizers, ['orphan'], 'the RC default without a policy');
  await clearFinalizers(ref('replicationcontrollers', 'raw-rc'));

  await configmap('coll-1', { labels: { set: 'coll' } });
  await configmap('coll-2', { labels: { set: 'coll' } });
  t.is((await k('delete', '--raw', '/api/v1/namespaces/default/configmaps?labelSelector=set%3Dcoll&propagationPolicy=Orphan')).code, 0);
  t.deepEqual((await meta(ref('configmaps', 'coll-1'))).finalizers, ['orphan']);
  t.deepEqual((await meta(ref('configmaps', 'coll-2'))).finalizers, ['orphan']);

  const bad = await k('delete', '--raw', '/api/v1/namespaces/default/configmaps/coll-1?propagationPolicy=Sometimes');
  t.is(bad.code, 1);
  t.regex(bad.stderr, /propagationPolicy: Unsupported value: "Sometimes": supported values: "Foreground", "Background", "Orphan", "nil"/);
  await clearFinalizers(ref('configmaps', 'coll-1'));
  await clearFinalizers(ref('configmaps', 'coll-2'));
  t.true(await gone(ref('configmaps', 'coll-2')));
});
