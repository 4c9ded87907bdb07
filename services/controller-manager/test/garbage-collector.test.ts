import test from 'ava';
import { isNotFound, type KubeObject, type ResourceRef } from '@kubeling/client';
import { waitFor, waitForLog } from '@kubeling/testing';
import type { OwnerReference } from 'kubernetes-types/meta/v1.js';
import { pino } from 'pino';
import { GarbageCollectorController } from '../src/controllers/garbage-collector/controller.js';
import { useCluster } from './cluster-fixture.js';
import { runInProcess } from './in-process.js';

const fixture = useCluster();

const WAIT = { timeoutMs: 90_000, intervalMs: 200 };
const CONFIGMAPS = { version: 'v1', resource: 'configmaps' };
const PODS = { version: 'v1', resource: 'pods' };
const REPLICASETS = { group: 'apps', version: 'v1', resource: 'replicasets' };
const DEPLOYMENTS = { group: 'apps', version: 'v1', resource: 'deployments' };

/** The GC in-process against the real apiserver; stopped when the test ends. */
async function startGc(t: { teardown(fn: () => Promise<void>): void }): Promise<void> {
  const gc = runInProcess(fixture.client, (factory) => [[new GarbageCollectorController(fixture.client, factory, pino({ level: 'silent' })), 5]]);
  t.teardown(() => gc.stop());
}

async function namespace(name: string): Promise<string> {
  await fixture.client.create({ version: 'v1', resource: 'namespaces' }, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  return name;
}

const refTo = (o: KubeObject, blockOwnerDeletion = false): OwnerReference => ({ apiVersion: o.apiVersion!, kind: o.kind!, name: o.metadata!.name!, uid: o.metadata!.uid!, blockOwnerDeletion });
const meta = (ns: string, name: string, owners: OwnerReference[] = [], extra: Record<string, unknown> = {}) => ({ name, namespace: ns, ownerReferences: owners, ...extra });
const configMap = (ns: string, name: string, owners: OwnerReference[] = [], extra: Record<string, unknown> = {}) =>
  fixture.client.create({ ...CONFIGMAPS, namespace: ns }, { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta(ns, name, owners, extra), data: { k: 'v' } });
const pod = (ns: string, name: string, owners: OwnerReference[], extra: Record<string, unknown> = {}) =>
  fixture.client.create({ ...PODS, namespace: ns }, { apiVersion: 'v1', kind: 'Pod', metadata: meta(ns, name, owners, { labels: { app: 'x' }, ...extra }), spec: { containers: [{ name: 'c', image: 'busybox' }] } });
const template = { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } };
const replicaSet = (ns: string, name: string, owners: OwnerReference[] = []) =>
  fixture.client.create({ ...REPLICASETS, namespace: ns }, { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: meta(ns, name, owners), spec: { replicas: 0, selector: { matchLabels: { app: 'x' } }, template } });

async function exists(ref: ResourceRef): Promise<KubeObject | undefined> {
  try {
    return await fixture.client.get(ref);
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}
const gone = (ref: ResourceRef) => async () => (await exists(ref)) === undefined;
const at = (resource: Omit<ResourceRef, 'namespace' | 'name'>, ns: string, name: string): ResourceRef => ({ ...resource, namespace: ns, name });
const ownerUids = (o: KubeObject | undefined) => ((o?.metadata?.ownerReferences as OwnerReference[] | undefined) ?? []).map((r) => r.uid);

test.serial('objects with live owners are never deleted: 50 dependents created before the GC starts keep living, losing only a reference to an owner that never existed', async (t) => {
  const ns = await namespace('gc-live');
  const owners = await Promise.all(Array.from({ length: 5 }, (_, i) => configMap(ns, `owner-${i}`)));
  const never: OwnerReference = { apiVersion: 'v1', kind: 'ConfigMap', name: 'never-existed', uid: '00000000-0000-0000-0000-000000000000' };
  // Named to sort before their owners, so the informer shows most of them before it shows their owner.
  for (let i = 0; i < 50; i++) await configMap(ns, `a-dependent-${i}`, [refTo(owners[i % 5]!, true), never]);
  await startGc(t);

  await waitFor(
    async () => {
      const dependents = await Promise.all(Array.from({ length: 50 }, (_, i) => exists(at(CONFIGMAPS, ns, `a-dependent-${i}`))));
      t.true(dependents.every((d) => d !== undefined), 'a dependent with a live owner was deleted');
      return dependents.every((d, i) => JSON.stringify(ownerUids(d)) === JSON.stringify([owners[i % 5]!.metadata!.uid]));
    },
    { ...WAIT, what: 'the dangling references to go' },
  );
  for (let i = 0; i < 50; i++) t.truthy(await exists(at(CONFIGMAPS, ns, `a-dependent-${i}`)));
  for (let i = 0; i < 5; i++) t.truthy(await exists(at(CONFIGMAPS, ns, `owner-${i}`)));
});

test.serial('background: deleting a Deployment removes its ReplicaSet and the ReplicaSet’s pods', async (t) => {
  const ns = await namespace('gc-background');
  await startGc(t);
  const deployment = await fixture.client.create({ ...DEPLOYMENTS, namespace: ns }, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: ns }, spec: { replicas: 0, selector: { matchLabels: { app: 'x' } }, template } });
  const rs = await replicaSet(ns, 'web-1', [refTo(deployment, true)]);
  await pod(ns, 'web-1-a', [refTo(rs, true)]);
  await pod(ns, 'web-1-b', [refTo(rs, true)]);
  await configMap(ns, 'unrelated');

  await fixture.client.delete(at(DEPLOYMENTS, ns, 'web'));
  await waitFor(gone(at(REPLICASETS, ns, 'web-1')), { ...WAIT, what: 'the ReplicaSet to go' });
  await waitFor(gone(at(PODS, ns, 'web-1-a')), { ...WAIT, what: 'pod a to go' });
  await waitFor(gone(at(PODS, ns, 'web-1-b')), { ...WAIT, what: 'pod b to go' });
  t.truthy(await exists(at(CONFIGMAPS, ns, 'unrelated')));
});

test.serial('orphan: the dependents stay without the reference and the owner goes', async (t) => {
  const ns = await namespace('gc-orphan');
  await startGc(t);
  const rs = await replicaSet(ns, 'rs');
  const other = await configMap(ns, 'other-owner');
  await pod(ns, 'p1', [refTo(rs, true)]);
  await pod(ns, 'p2', [refTo(rs, true), refTo(other)]);

  await fixture.client.delete(at(REPLICASETS, ns, 'rs'), { propagationPolicy: 'Orphan' });
  await waitFor(gone(at(REPLICASETS, ns, 'rs')), { ...WAIT, what: 'the orphaning owner to go' });
  t.deepEqual(ownerUids(await exists(at(PODS, ns, 'p1'))), []);
  t.deepEqual(ownerUids(await exists(at(PODS, ns, 'p2'))), [other.metadata!.uid]);
});

test.serial('foreground: the owner stays, being deleted, until its blocking dependents are gone, then goes', async (t) => {
  const ns = await namespace('gc-foreground');
  await startGc(t);
  const rs = await replicaSet(ns, 'rs');
  // A finalizer of its own keeps this dependent (deleting, not gone) until the test lets it go.
  await pod(ns, 'held', [refTo(rs, true)], { finalizers: ['example.com/hold'] });
  await pod(ns, 'free', [refTo(rs, true)]);
  await configMap(ns, 'non-blocking', [refTo(rs, false)]);

  await fixture.client.delete(at(REPLICASETS, ns, 'rs'), { propagationPolicy: 'Foreground' });
  await waitFor(gone(at(PODS, ns, 'free')), { ...WAIT, what: 'the free dependent to go' });
  const held = await waitFor(async () => {
    const p = await exists(at(PODS, ns, 'held'));
    return p?.metadata?.deletionTimestamp ? p : undefined;
  }, { ...WAIT, what: 'the held dependent to be deleting' });
  const owner = await exists(at(REPLICASETS, ns, 'rs'));
  t.truthy(owner?.metadata?.deletionTimestamp, 'the owner waits, marked for deletion');
  t.deepEqual(owner?.metadata?.finalizers, ['foregroundDeletion']);

  await fixture.client.patch(at(PODS, ns, 'held'), 'merge', { metadata: { finalizers: null, resourceVersion: held.metadata!.resourceVersion } });
  await waitFor(gone(at(REPLICASETS, ns, 'rs')), { ...WAIT, what: 'the owner to go once its blocking dependents are gone' });
  await waitFor(gone(at(CONFIGMAPS, ns, 'non-blocking')), { ...WAIT, what: 'the non-blocking dependent to be collected after its owner' });
});

test.serial('foreground through two levels: a ReplicaSet with pods is itself deleted in the foreground, and the Deployment goes last', async (t) => {
  const ns = await namespace('gc-foreground-chain');
  await startGc(t);
  const deployment = await fixture.client.create({ ...DEPLOYMENTS, namespace: ns }, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: ns }, spec: { replicas: 0, selector: { matchLabels: { app: 'x' } }, template } });
  const rs = await replicaSet(ns, 'web-1', [refTo(deployment, true)]);
  await pod(ns, 'held', [refTo(rs, true)], { finalizers: ['example.com/hold'] });

  await fixture.client.delete(at(DEPLOYMENTS, ns, 'web'), { propagationPolicy: 'Foreground' });
  const held = await waitFor(async () => {
    const p = await exists(at(PODS, ns, 'held'));
    return p?.metadata?.deletionTimestamp ? p : undefined;
  }, { ...WAIT, what: 'the pod to be deleting' });
  t.deepEqual((await exists(at(REPLICASETS, ns, 'web-1')))?.metadata?.finalizers, ['foregroundDeletion'], 'the ReplicaSet, having dependents, is deleted in the foreground');
  t.truthy((await exists(at(DEPLOYMENTS, ns, 'web')))?.metadata?.deletionTimestamp);

  await fixture.client.patch(at(PODS, ns, 'held'), 'merge', { metadata: { finalizers: null, resourceVersion: held.metadata!.resourceVersion } });
  await waitFor(gone(at(REPLICASETS, ns, 'web-1')), { ...WAIT, what: 'the ReplicaSet to go' });
  await waitFor(gone(at(DEPLOYMENTS, ns, 'web')), { ...WAIT, what: 'the Deployment to go' });
});

test.serial('a dependent with two owners survives the deletion of one, losing only that reference', async (t) => {
  const ns = await namespace('gc-two-owners');
  await startGc(t);
  const a = await configMap(ns, 'owner-a');
  const b = await configMap(ns, 'owner-b');
  await configMap(ns, 'shared', [refTo(a), refTo(b)]);

  await fixture.client.delete(at(CONFIGMAPS, ns, 'owner-a'));
  await waitFor(async () => JSON.stringify(ownerUids(await exists(at(CONFIGMAPS, ns, 'shared')))) === JSON.stringify([b.metadata!.uid]), { ...WAIT, what: 'the reference to owner-a to go' });
  t.truthy(await exists(at(CONFIGMAPS, ns, 'shared')));
});

test.serial('a reference to an owner that never existed, or to a namesake with another uid, gets the dependent deleted', async (t) => {
  const ns = await namespace('gc-dangling');
  await startGc(t);
  const live = await configMap(ns, 'namesake');
  await configMap(ns, 'wrong-uid', [{ ...refTo(live), uid: '11111111-1111-1111-1111-111111111111' }]);
  await configMap(ns, 'no-such-owner', [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'never', uid: '22222222-2222-2222-2222-222222222222' }]);

  await waitFor(gone(at(CONFIGMAPS, ns, 'wrong-uid')), { ...WAIT, what: 'the dependent of a wrong uid to go' });
  await waitFor(gone(at(CONFIGMAPS, ns, 'no-such-owner')), { ...WAIT, what: 'the dependent of an owner that never existed to go' });
  t.truthy(await exists(at(CONFIGMAPS, ns, 'namesake')));
});

test.serial('the controller-manager process runs it as garbage-collector-controller', async (t) => {
  const ns = await namespace('gc-process');
  const manager = fixture.start('controller-manager', ['--controllers', 'garbage-collector-controller', '--leader-elect=false'], 'controller-manager-gc');
  await waitForLog(manager, 'garbage collector synced', 90_000);
  const owner = await configMap(ns, 'owner');
  await configMap(ns, 'dependent', [refTo(owner)]);
  await fixture.client.delete(at(CONFIGMAPS, ns, 'owner'));
  await waitFor(gone(at(CONFIGMAPS, ns, 'dependent')), { ...WAIT, what: 'the dependent to go' });
  t.pass();
});
