import test from 'ava';
import { SharedInformerFactory, type KubeObject } from '@kubeling/client';
import { waitFor, waitForLog } from '@kubeling/testing';
import type { ReplicaSet } from 'kubernetes-types/apps/v1.js';
import type { Event, Pod, ReplicationController } from 'kubernetes-types/core/v1.js';
import { pino } from 'pino';
import { ReplicaSetController } from '../src/controllers/replicaset/controller.js';
import { REPLICA_SET, REPLICATION_CONTROLLER } from '../src/controllers/replicaset/replica-set-kind.js';
import { useCluster } from './cluster-fixture.js';
import { runForFile } from './in-process.js';

type PodObject = Pod & KubeObject;

let factory: SharedInformerFactory;
/** The most pods each app label had at once, as a watch of the pods saw them. */
const maxPods = new Map<string, number>();

const fixture = useCluster();

const NS = 'default';
const PODS = { version: 'v1', resource: 'pods', namespace: NS };
const RSS = { group: 'apps', version: 'v1', resource: 'replicasets', namespace: NS };
const RCS = { version: 'v1', resource: 'replicationcontrollers', namespace: NS };
const WAIT = { timeoutMs: 90_000, intervalMs: 200 };
const CONTAINERS = [{ name: 'c', image: 'registry.k8s.io/pause:3.10' }];

test.before(async () => {
  const { client } = fixture;
  const watcher = new SharedInformerFactory(client);
  fixture.teardown(() => watcher.shutdown());
  const pods = watcher.informerFor<PodObject>({ version: 'v1', resource: 'pods' });
  const count = (pod: PodObject) => {
    const app = pod.metadata?.labels?.app;
    if (!app) return;
    const now = pods.getIndexer().list().filter((p) => p.metadata?.labels?.app === app).length;
    maxPods.set(app, Math.max(now, maxPods.get(app) ?? 0));
  };
  pods.addEventHandler({ onAdd: count, onUpdate: (_old, pod) => count(pod) });
  watcher.start();
  await watcher.waitForCacheSync();

  const log = pino({ level: 'silent' });
  factory = runForFile(fixture, (f) => [
    [new ReplicaSetController(client, f, REPLICA_SET, log), 5],
    [new ReplicaSetController(client, f, REPLICATION_CONTROLLER, log), 5],
  ]).factory;
});

const template = (app: string) => ({ metadata: { labels: { app, tier: 'web' }, annotations: { note: app } }, spec: { containers: CONTAINERS } });
const replicaSet = (name: string, replicas: number, extra: Record<string, unknown> = {}): ReplicaSet => ({
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: { name },
  spec: { replicas, selector: { matchLabels: { app: name } }, template: template(name), ...extra },
});

const podsOf = async (app: string) => (await fixture.client.list<PodObject>(PODS, { labelSelector: `app=${app}` })).items;
const activePodsOf = async (app: string) => (await podsOf(app)).filter((p) => !p.metadata?.deletionTimestamp);
const getRs = (name: string) => fixture.client.get<ReplicaSet & KubeObject>({ ...RSS, name });
const scale = (ref: typeof RSS | typeof RCS, name: string, replicas: number) => fixture.client.patch({ ...ref, name }, 'merge', { spec: { replicas } });

/** Waits for exactly `n` active pods of the app, all controlled by `uid`, and the owner's status.replicas to say so. */
async function converged(app: string, n: number, uid: string, getOwner: () => Promise<KubeObject & { status?: { replicas?: number } }>) {
  return waitFor(
    async () => {
      const pods = await activePodsOf(app);
      const owned = pods.filter((p) => p.metadata?.ownerReferences?.some((r) => r.controller && r.uid === uid));
      const owner = await getOwner();
      return pods.length === n && owned.length === n && (owner.status?.replicas ?? 0) === n ? pods : undefined;
    },
    { ...WAIT, what: `${n} pods of ${app}` },
  );
}

/** The controller's own pod cache has this pod: what it decides next takes the pod into account. */
const controllerSees = (name: string) => waitFor(() => factory.informerFor({ version: 'v1', resource: 'pods' }).getIndexer().getByKey(`${NS}/${name}`) !== undefined, WAIT);

test.serial('an RS of 5 gets exactly 5 pods with its labels and controller reference, never more; scaling to 8 and to 2 converges', async (t) => {
  const rs = await fixture.client.create<ReplicaSet & KubeObject>(RSS, replicaSet('five', 5));
  const pods = await converged('five', 5, rs.metadata!.uid!, () => getRs('five'));
  for (const pod of pods) {
    t.deepEqual(pod.metadata?.ownerReferences, [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'five', uid: rs.metadata!.uid!, controller: true, blockOwnerDeletion: true }]);
    t.deepEqual(pod.metadata?.labels, { app: 'five', tier: 'web' });
    t.is(pod.metadata?.annotations?.note, 'five');
    t.true(pod.metadata!.name!.startsWith('five-'));
  }
  const status = (await getRs('five')).status;
  t.is(status?.fullyLabeledReplicas, 5);
  t.is(status?.observedGeneration, 1);
  // A while more: no late extra creation.
  await new Promise((r) => setTimeout(r, 1_500));
  t.is(maxPods.get('five'), 5);
  t.is((await podsOf('five')).length, 5);

  await scale(RSS, 'five', 8);
  await converged('five', 8, rs.metadata!.uid!, () => getRs('five'));
  t.is(maxPods.get('five'), 8);
  await scale(RSS, 'five', 2);
  await converged('five', 2, rs.metadata!.uid!, () => getRs('five'));
  t.is((await getRs('five')).status?.observedGeneration, 3);
  const events = await waitFor(async () => {
    const items = (await fixture.client.list<Event & KubeObject>({ version: 'v1', resource: 'events', namespace: NS })).items.filter((e) => e.involvedObject.name === 'five');
    return items.some((e) => e.reason === 'SuccessfulDelete') ? items : undefined;
  }, WAIT);
  t.like(events.find((e) => e.reason === 'SuccessfulCreate'), { type: 'Normal', involvedObject: { kind: 'ReplicaSet', uid: rs.metadata!.uid }, source: { component: 'replicaset-controller' } });
  t.regex(events.find((e) => e.reason === 'SuccessfulCreate')!.message!, /^Created pod: five-/);
});

test.serial('the pods of an RS being deleted are not replaced', async (t) => {
  const rs = await fixture.client.create<ReplicaSet & KubeObject>(RSS, replicaSet('doomed', 2));
  const [pod] = await converged('doomed', 2, rs.metadata!.uid!, () => getRs('doomed'));
  // Foreground: the RS stays, with a deletionTimestamp, until its dependents are gone.
  await fixture.client.delete({ ...RSS, name: 'doomed' }, { propagationPolicy: 'Foreground' });
  await waitFor(() => factory.informerFor<KubeObject>(REPLICA_SET.resource).getIndexer().getByKey(`${NS}/doomed`)?.metadata?.deletionTimestamp, WAIT);
  await fixture.client.delete({ ...PODS, name: pod!.metadata!.name! });
  await new Promise((r) => setTimeout(r, 2_000));
  t.is((await activePodsOf('doomed')).length, 1);
});

test.serial('a pod deleted by someone else is replaced', async (t) => {
  const rs = await fixture.client.create<ReplicaSet & KubeObject>(RSS, replicaSet('replace', 3));
  const [victim] = await converged('replace', 3, rs.metadata!.uid!, () => getRs('replace'));
  await fixture.client.delete({ ...PODS, name: victim!.metadata!.name! });
  const after = await waitFor(async () => {
    const pods = await activePodsOf('replace');
    return pods.length === 3 && pods.every((p) => p.metadata?.name !== victim!.metadata!.name) ? pods : undefined;
  }, WAIT);
  t.is(after.length, 3);
  t.true(maxPods.get('replace')! <= 3);
});

test.serial('a matching orphan is adopted and counts, so only the rest are created', async (t) => {
  for (const name of ['orphan-a', 'orphan-b']) {
    await fixture.client.create(PODS, { apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { app: 'adopt' } }, spec: { containers: CONTAINERS } });
    await controllerSees(name);
  }
  const rs = await fixture.client.create<ReplicaSet & KubeObject>(RSS, replicaSet('adopt', 3));
  const pods = await converged('adopt', 3, rs.metadata!.uid!, () => getRs('adopt'));
  const names = pods.map((p) => p.metadata!.name!).sort();
  t.deepEqual(names.filter((n) => n.startsWith('orphan-')), ['orphan-a', 'orphan-b']);
  t.is(names.filter((n) => n.startsWith('adopt-')).length, 1);
  const orphan = await fixture.client.get<PodObject>({ ...PODS, name: 'orphan-a' });
  t.like(orphan.metadata?.ownerReferences?.[0], { kind: 'ReplicaSet', name: 'adopt', uid: rs.metadata!.uid!, controller: true });
  t.is((await getRs('adopt')).status?.fullyLabeledReplicas, 1, 'the orphans lack the template label tier=web');
  t.is(maxPods.get('adopt'), 3);
});

test.serial('a pod whose labels stop matching is released and replaced', async (t) => {
  const rs = await fixture.client.create<ReplicaSet & KubeObject>(RSS, replicaSet('release', 2));
  const [pod] = await converged('release', 2, rs.metadata!.uid!, () => getRs('release'));
  const name = pod!.metadata!.name!;
  await fixture.client.patch({ ...PODS, name }, 'merge', { metadata: { labels: { app: 'released' } } });
  const released = await waitFor(async () => {
    const p = await fixture.client.get<PodObject>({ ...PODS, name });
    return (p.metadata?.ownerReferences ?? []).length === 0 ? p : undefined;
  }, WAIT);
  t.is(released.metadata?.labels?.app, 'released');
  const pods = await converged('release', 2, rs.metadata!.uid!, () => getRs('release'));
  t.false(pods.some((p) => p.metadata?.name === name));
});

test.serial('scaling down deletes unscheduled pods before scheduled ones', async (t) => {
  const bound = ['bound-1', 'bound-2', 'bound-3'];
  for (const name of bound) {
    await fixture.client.create(PODS, { apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { app: 'rank', tier: 'web' } }, spec: { nodeName: 'elsewhere', containers: CONTAINERS } });
    await controllerSees(name);
  }
  const rs = await fixture.client.create<ReplicaSet & KubeObject>(RSS, replicaSet('rank', 6));
  const pods = await converged('rank', 6, rs.metadata!.uid!, () => getRs('rank'));
  t.is(pods.filter((p) => !p.spec?.nodeName).length, 3);
  await scale(RSS, 'rank', 3);
  const left = await converged('rank', 3, rs.metadata!.uid!, () => getRs('rank'));
  t.deepEqual(left.map((p) => p.metadata!.name!).sort(), bound);
});

test.serial('a ReplicationController works the same', async (t) => {
  const rc: ReplicationController = {
    apiVersion: 'v1',
    kind: 'ReplicationController',
    metadata: { name: 'rc' },
    spec: { replicas: 3, selector: { app: 'rc' }, template: template('rc') },
  };
  const created = await fixture.client.create<ReplicationController & KubeObject>(RCS, rc);
  const getRc = () => fixture.client.get<ReplicationController & KubeObject>({ ...RCS, name: 'rc' });
  const pods = await converged('rc', 3, created.metadata!.uid!, getRc);
  t.like(pods[0]!.metadata?.ownerReferences?.[0], { apiVersion: 'v1', kind: 'ReplicationController', name: 'rc', controller: true });
  await scale(RCS, 'rc', 1);
  await converged('rc', 1, created.metadata!.uid!, getRc);
  t.true(maxPods.get('rc')! <= 3);
});

test.serial('with the scheduler and hollow nodes, status counts ready and (after minReadySeconds) available replicas', async (t) => {
  const scheduler = fixture.start('scheduler', ['--leader-elect=false']);
  const nodes = fixture.start('hollow-node', ['--count', '2']);
  await waitForLog(scheduler, 'caches synced', 90_000);
  await waitForLog(nodes, 'hollow nodes registered', 90_000);

  await fixture.client.create(RSS, replicaSet('ready', 4, { minReadySeconds: 2 }));
  const status = await waitFor(async () => {
    const s = (await getRs('ready')).status;
    return s?.readyReplicas === 4 && s.availableReplicas === 4 ? s : undefined;
  }, { ...WAIT, what: '4 ready and available replicas' });
  t.like(status, { replicas: 4, fullyLabeledReplicas: 4, readyReplicas: 4, availableReplicas: 4, observedGeneration: 1 });
  t.is(maxPods.get('ready'), 4);
});
