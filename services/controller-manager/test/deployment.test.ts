// The Deployment controller across processes: a real store and apiserver, a controller-manager
// running the deployment and replicaset controllers, the scheduler and hollow nodes (which make
// pods Ready), so rollouts run against pods that really come and go.
import test from 'ava';
import { isConflict, Watcher, type KubeObject } from '@kubeling/client';
import { waitFor } from '@kubeling/testing';
import type { Deployment, DeploymentCondition, DeploymentStrategy, ReplicaSet } from 'kubernetes-types/apps/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { startComponents, useCluster } from './cluster-fixture.js';

type DeploymentObject = Deployment & KubeObject;
type ReplicaSetObject = ReplicaSet & KubeObject;

const DEPLOYMENTS = { group: 'apps', version: 'v1', resource: 'deployments', namespace: 'default' };
const REPLICA_SETS = { group: 'apps', version: 'v1', resource: 'replicasets', namespace: 'default' };
const PODS = { version: 'v1', resource: 'pods', namespace: 'default' };
const WAIT = { timeoutMs: 120_000, intervalMs: 250 };

const fixture = useCluster();
const client = () => fixture.client;

test.before(() => startComponents(fixture, { controllers: ['deployment-controller', 'replicaset-controller'], scheduler: true, hollowNodes: 3 }));

interface DeploymentOptions {
  replicas: number;
  image?: string;
  strategy?: DeploymentStrategy;
  revisionHistoryLimit?: number;
  progressDeadlineSeconds?: number;
  nodeSelector?: Record<string, string>;
}

function deployment(name: string, o: DeploymentOptions): DeploymentObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas: o.replicas,
      selector: { matchLabels: { app: name } },
      strategy: o.strategy,
      revisionHistoryLimit: o.revisionHistoryLimit,
      progressDeadlineSeconds: o.progressDeadlineSeconds,
      template: { metadata: { labels: { app: name } }, spec: { nodeSelector: o.nodeSelector, containers: [{ name: 'app', image: o.image ?? 'nginx:1' }] } },
    },
  };
}

const getDeployment = (name: string) => client().get<DeploymentObject>({ ...DEPLOYMENTS, name });
const replicaSetsOf = async (name: string) => (await client().list<ReplicaSetObject>(REPLICA_SETS, { labelSelector: `app=${name}` })).items;
const conditionOf = (d: DeploymentObject, type: string): DeploymentCondition | undefined => d.status?.conditions?.find((c) => c.type === type);
const revisionOf = (obj: KubeObject) => (obj.metadata?.annotations as Record<string, string> | undefined)?.['deployment.kubernetes.io/revision'];

/** What `kubectl rollout status` calls rolled out, plus the new ReplicaSet reported available. */
function rolledOut(d: DeploymentObject): boolean {
  const s = d.status;
  const replicas = d.spec?.replicas ?? 0;
  return (
    (d.metadata?.generation ?? 0) <= (s?.observedGeneration ?? 0) &&
    s?.updatedReplicas === replicas &&
    s?.replicas === replicas &&
    s?.availableReplicas === replicas &&
    conditionOf(d, 'Progressing')?.reason === 'NewReplicaSetAvailable'
  );
}

async function waitRolledOut(name: string): Promise<DeploymentObject> {
  return waitFor(async () => {
    const d = await getDeployment(name);
    return rolledOut(d) ? d : undefined;
  }, { ...WAIT, what: `deployment ${name} rolled out` });
}

/** A patch of the deployment, tried again on a conflict (this apiserver answers a patch racing another write with one). */
async function patchDeployment(name: string, type: 'merge' | 'json' | 'strategic', patch: unknown): Promise<void> {
  await waitFor(async () => {
    try {
      return await client().patch({ ...DEPLOYMENTS, name }, type, patch);
    } catch (err) {
      if (isConflict(err)) return undefined;
      throw err;
    }
  }, { ...WAIT, what: `a patch of ${name}` });
}

const setImage = (name: string, image: string) => patchDeployment(name, 'strategic', { spec: { template: { spec: { containers: [{ name: 'app', image }] } } } });

const activePods = async (name: string) => (await client().list<Pod & KubeObject>(PODS, { labelSelector: `app=${name}` })).items.filter((p) => !p.metadata?.deletionTimestamp);

/** The pods of one app as a watch shows them, with every event checked against `check`. */
class PodWatch {
  readonly pods = new Map<string, Pod>();
  readonly violations: string[] = [];
  events = 0;
  private watcher?: Watcher<Pod & KubeObject>;

  constructor(private readonly check: (pods: Pod[]) => string | undefined) {}

  async start(app: string): Promise<void> {
    const list = await client().list<Pod & KubeObject>(PODS, { labelSelector: `app=${app}` });
    for (const pod of list.items) this.pods.set(pod.metadata!.name!, pod);
    this.watcher = new Watcher<Pod & KubeObject>(client(), PODS, { labelSelector: `app=${app}`, resourceVersion: list.resourceVersion }, {
      onEvent: (type, pod) => {
        this.events++;
        if (type === 'DELETED') this.pods.delete(pod.metadata!.name!);
        else this.pods.set(pod.metadata!.name!, pod);
        const violation = this.check([...this.pods.values()]);
        if (violation) this.violations.push(violation);
      },
      onGone: () => this.violations.push('the watch expired (410)'),
    });
  }

  stop(): void {
    this.watcher?.stop();
  }
}

const isReady = (pod: Pod) => pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
const hashOf = (pod: Pod) => pod.metadata?.labels?.['pod-template-hash'];

test.serial('a deployment of 10 converges with its status and ReplicaSet as Kubernetes has them, and scales up and down', async (t) => {
  await client().create(DEPLOYMENTS, deployment('web', { replicas: 10 }));
  const d = await waitRolledOut('web');
  t.like(d.status, { replicas: 10, updatedReplicas: 10, readyReplicas: 10, availableReplicas: 10, unavailableReplicas: 0, observedGeneration: d.metadata?.generation });
  t.like(conditionOf(d, 'Available'), { status: 'True', reason: 'MinimumReplicasAvailable' });
  t.like(conditionOf(d, 'Progressing'), { status: 'True', reason: 'NewReplicaSetAvailable' });
  t.is(revisionOf(d), '1');

  const [rs, ...others] = await replicaSetsOf('web');
  t.is(others.length, 0);
  const hash = rs.metadata?.labels?.['pod-template-hash'];
  t.regex(hash ?? '', /^[bcdfghjklmnpqrstvwxz2456789]+$/);
  t.is(rs.metadata?.name, `web-${hash}`);
  t.deepEqual(rs.spec?.selector.matchLabels, { app: 'web', 'pod-template-hash': hash });
  t.is(rs.spec?.template?.metadata?.labels?.['pod-template-hash'], hash);
  t.like(rs.metadata?.ownerReferences?.[0], { kind: 'Deployment', name: 'web', uid: d.metadata?.uid, controller: true, blockOwnerDeletion: true });
  t.like(rs.metadata?.annotations, { 'deployment.kubernetes.io/revision': '1', 'deployment.kubernetes.io/desired-replicas': '10', 'deployment.kubernetes.io/max-replicas': '13' });
  t.is((await activePods('web')).length, 10);
  const scaled = `Scaled up replica set web-${hash} from 0 to 10`;
  const event = await waitFor(async () => (await client().list<KubeObject & { reason?: string; message?: string; involvedObject?: { kind?: string; name?: string } }>({ version: 'v1', resource: 'events', namespace: 'default' })).items.find((e) => e.message === scaled), { ...WAIT, what: scaled });
  t.like(event, { reason: 'ScalingReplicaSet', involvedObject: { kind: 'Deployment', name: 'web' } });

  await patchDeployment('web', 'merge', { spec: { replicas: 15 } });
  t.is((await waitRolledOut('web')).status?.availableReplicas, 15);
  await patchDeployment('web', 'merge', { spec: { replicas: 4 } });
  t.is((await waitRolledOut('web')).status?.replicas, 4);
  await waitFor(async () => (await activePods('web')).length === 4, { ...WAIT, what: '4 pods' });
  t.like((await replicaSetsOf('web'))[0].metadata?.annotations, { 'deployment.kubernetes.io/desired-replicas': '4' });
});

test.serial('a rolling update never goes below replicas - maxUnavailable available pods nor above replicas + maxSurge pods', async (t) => {
  const strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: 2, maxUnavailable: 1 } };
  await client().create(DEPLOYMENTS, deployment('roll', { replicas: 10, strategy }));
  await waitRolledOut('roll');
  const watch = new PodWatch((pods) => {
    const active = pods.filter((p) => !p.metadata?.deletionTimestamp);
    const available = active.filter(isReady).length;
    if (active.length > 12) return `${active.length} pods > 12`;
    if (available < 9) return `${available} available < 9`;
    return undefined;
  });
  await watch.start('roll');
  t.teardown(() => watch.stop());
  await setImage('roll', 'nginx:2');
  const d = await waitRolledOut('roll');
  await waitFor(async () => (await activePods('roll')).every((p) => p.spec?.containers[0].image === 'nginx:2') && watch.pods.size === 10, { ...WAIT, what: 'only new pods left' });
  watch.stop();
  t.deepEqual(watch.violations, []);
  // Ten pods created and ten deleted, each with a few updates: the watch saw the whole rollout.
  t.true(watch.events >= 40, `only ${watch.events} pod events`);
  t.is(revisionOf(d), '2');
  const sets = await replicaSetsOf('roll');
  t.is(sets.length, 2);
  t.deepEqual(sets.map((rs) => rs.spec?.replicas).sort(), [0, 10]);
});

test.serial('Recreate never runs old and new pods at once', async (t) => {
  await client().create(DEPLOYMENTS, deployment('recreate', { replicas: 3, strategy: { type: 'Recreate' } }));
  await waitRolledOut('recreate');
  const watch = new PodWatch((pods) => {
    const hashes = new Set(pods.map(hashOf));
    return hashes.size > 1 ? `pods of ${hashes.size} templates at once` : undefined;
  });
  await watch.start('recreate');
  t.teardown(() => watch.stop());
  const oldHash = hashOf([...watch.pods.values()][0]);
  await setImage('recreate', 'nginx:2');
  await waitRolledOut('recreate');
  await waitFor(() => watch.pods.size === 3 && [...watch.pods.values()].every((p) => hashOf(p) !== oldHash), { ...WAIT, what: 'three new pods' });
  watch.stop();
  t.deepEqual(watch.violations, []);
});

test.serial('rolling back (what kubectl rollout undo sends) makes the old ReplicaSet new again with a higher revision', async (t) => {
  await client().create(DEPLOYMENTS, deployment('undo', { replicas: 2 }));
  await waitRolledOut('undo');
  await setImage('undo', 'nginx:2');
  t.is(revisionOf(await waitRolledOut('undo')), '2');
  const first = (await replicaSetsOf('undo')).find((rs) => revisionOf(rs) === '1')!;
  const template = structuredClone(first.spec!.template!);
  delete template.metadata!.labels!['pod-template-hash'];
  await patchDeployment('undo', 'json', [{ op: 'replace', path: '/spec/template', value: template }]);
  const d = await waitFor(async () => {
    const got = await waitRolledOut('undo');
    return revisionOf(got) === '3' ? got : undefined;
  }, { ...WAIT, what: 'revision 3' });
  t.is(d.spec?.template?.spec?.containers[0].image, 'nginx:1');
  const again = (await replicaSetsOf('undo')).find((rs) => rs.metadata?.uid === first.metadata?.uid)!;
  t.like(again.metadata?.annotations, { 'deployment.kubernetes.io/revision': '3', 'deployment.kubernetes.io/revision-history': '1' });
  t.is(again.spec?.replicas, 2);
  t.is((await replicaSetsOf('undo')).length, 2);
});

test.serial('a paused deployment makes no new ReplicaSet for a new template; resumed, it rolls out', async (t) => {
  await client().create(DEPLOYMENTS, deployment('pause', { replicas: 2 }));
  await waitRolledOut('pause');
  await patchDeployment('pause', 'merge', { spec: { paused: true } });
  await waitFor(async () => conditionOf(await getDeployment('pause'), 'Progressing')?.reason === 'DeploymentPaused', { ...WAIT, what: 'DeploymentPaused' });
  await setImage('pause', 'nginx:2');
  await waitFor(async () => {
    const d = await getDeployment('pause');
    return (d.status?.observedGeneration ?? 0) >= (d.metadata?.generation ?? 0);
  }, { ...WAIT, what: 'the paused template change observed' });
  t.is((await replicaSetsOf('pause')).length, 1);
  t.true((await activePods('pause')).every((p) => p.spec?.containers[0].image === 'nginx:1'));

  await patchDeployment('pause', 'merge', { spec: { paused: false } });
  const d = await waitRolledOut('pause');
  t.is(revisionOf(d), '2');
  t.is((await replicaSetsOf('pause')).length, 2);
});

test.serial('revisionHistoryLimit trims the oldest old ReplicaSets', async (t) => {
  await client().create(DEPLOYMENTS, deployment('history', { replicas: 1, revisionHistoryLimit: 1 }));
  for (const image of ['nginx:2', 'nginx:3', 'nginx:4']) {
    await waitRolledOut('history');
    await setImage('history', image);
  }
  await waitRolledOut('history');
  const sets = await waitFor(async () => {
    const got = await replicaSetsOf('history');
    return got.length === 2 ? got : undefined;
  }, { ...WAIT, what: 'two ReplicaSets left' });
  t.deepEqual(sets.map(revisionOf).sort(), ['3', '4']);
});

test.serial('a rollout that cannot progress gets Progressing=False ProgressDeadlineExceeded', async (t) => {
  await client().create(DEPLOYMENTS, deployment('stuck', { replicas: 1, progressDeadlineSeconds: 5, nodeSelector: { 'no-such-label': 'x' } }));
  const d = await waitFor(async () => {
    const got = await getDeployment('stuck');
    return conditionOf(got, 'Progressing')?.reason === 'ProgressDeadlineExceeded' ? got : undefined;
  }, { ...WAIT, what: 'ProgressDeadlineExceeded' });
  t.like(conditionOf(d, 'Progressing'), { status: 'False', message: `ReplicaSet "${(await replicaSetsOf('stuck'))[0].metadata?.name}" has timed out progressing.` });
  t.like(conditionOf(d, 'Available'), { status: 'False', reason: 'MinimumReplicasUnavailable' });
  t.like(d.status, { replicas: 1, updatedReplicas: 1, unavailableReplicas: 1 });
});
