import test from 'ava';
import { ApiClientError } from '@kubeling/client';
import { pino } from 'pino';
import { REVISION_ANNOTATION } from './annotations.js';
import type { DeploymentDeps } from './deps.js';
import { POD_TEMPLATE_HASH_LABEL } from './pod-template-hash.js';
import { syncDeployment } from './sync.js';
import type { DeploymentObject, PodObject, ReplicaSetObject } from './types.js';

/** An apiserver and informer caches in one: writes land at once, and each bumps the resourceVersion. */
class FakeCluster implements DeploymentDeps {
  readonly deployments = new Map<string, DeploymentObject>();
  readonly rs = new Map<string, ReplicaSetObject>();
  readonly events: string[] = [];
  readonly requeued: Array<[string, number]> = [];
  nowMs = Date.parse('2026-01-01T00:00:00Z');
  log = pino({ level: 'silent' });
  private rv = 1;
  private uid = 1;

  private stamp<T extends DeploymentObject | ReplicaSetObject>(obj: T): T {
    const copy = structuredClone(obj);
    const uid = copy.metadata?.uid ?? `uid-${this.uid++}`;
    const creationTimestamp = copy.metadata?.creationTimestamp ?? new Date(this.nowMs + this.uid * 1000).toISOString();
    copy.metadata = { ...copy.metadata, resourceVersion: String(++this.rv), uid, creationTimestamp };
    return copy;
  }

  addDeployment(d: DeploymentObject): void {
    this.deployments.set(d.metadata!.name!, this.stamp({ ...d, metadata: { namespace: 'ns', generation: 1, ...d.metadata } }));
  }

  getDeployment = (_ns: string, name: string) => this.deployments.get(name);
  replicaSets = () => [...this.rs.values()];
  pods = (): PodObject[] => [];
  getFreshDeployment = async (_ns: string, name: string) => this.deployments.get(name);
  createReplicaSet = async (rs: ReplicaSetObject) => {
    if (this.rs.has(rs.metadata!.name!)) throw new ApiClientError({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 409, reason: 'AlreadyExists', message: 'already exists' } as never, 6);
    const created = this.stamp({ ...rs, metadata: { ...rs.metadata, generation: 1 } });
    this.rs.set(rs.metadata!.name!, created);
    return created;
  };
  updateReplicaSet = async (rs: ReplicaSetObject) => {
    const updated = this.stamp(rs);
    this.rs.set(rs.metadata!.name!, updated);
    return updated;
  };
  deleteReplicaSet = async (_ns: string, name: string) => void this.rs.delete(name);
  patchReplicaSet = async () => ({});
  updateDeployment = async (d: DeploymentObject) => {
    const updated = this.stamp({ ...d, status: this.deployments.get(d.metadata!.name!)!.status });
    this.deployments.set(d.metadata!.name!, updated);
    return updated;
  };
  updateDeploymentStatus = async (d: DeploymentObject) => {
    const updated = this.stamp({ ...this.deployments.get(d.metadata!.name!)!, status: d.status });
    this.deployments.set(d.metadata!.name!, updated);
    return updated;
  };
  patchDeploymentAnnotations = async (_ns: string, name: string, annotations: Record<string, string>) => {
    const d = this.deployments.get(name)!;
    const updated = this.stamp({ ...d, metadata: { ...d.metadata, annotations: { ...(d.metadata?.annotations as object), ...annotations } } });
    this.deployments.set(name, updated);
    return updated;
  };
  event = (_d: DeploymentObject, _type: string, reason: string, message: string) => void this.events.push(`${reason}: ${message}`);
  enqueueAfter = (key: string, ms: number) => void this.requeued.push([key, ms]);
  now = () => this.nowMs;

  /** What the ReplicaSet controller and the kubelets would make of a ReplicaSet: all its pods there and available. */
  settle(name: string, available = this.rs.get(name)!.spec!.replicas ?? 0): void {
    const rs = this.rs.get(name)!;
    this.rs.set(name, { ...rs, status: { replicas: rs.spec!.replicas ?? 0, readyReplicas: available, availableReplicas: available, observedGeneration: rs.metadata?.generation } });
  }

  sizes(): Record<string, number> {
    return Object.fromEntries([...this.rs.values()].map((rs) => [rs.spec!.template!.spec!.containers[0].image, rs.spec!.replicas ?? 0]));
  }

  sync = (name = 'web') => syncDeployment(`ns/${name}`, this);
}

function web(replicas: number, image: string, spec: Partial<NonNullable<DeploymentObject['spec']>> = {}): DeploymentObject {
  return {
    metadata: { name: 'web', uid: 'd-uid' },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'web' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 2, maxUnavailable: 1 } },
      progressDeadlineSeconds: 600,
      revisionHistoryLimit: 10,
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image }] } },
      ...spec,
    },
  };
}

function setImage(cluster: FakeCluster, image: string, extra: Partial<NonNullable<DeploymentObject['spec']>> = {}): void {
  const d = cluster.deployments.get('web')!;
  d.spec = { ...d.spec!, ...extra, template: { ...d.spec!.template, spec: { containers: [{ name: 'app', image }] } } };
  d.metadata = { ...d.metadata, generation: (d.metadata?.generation ?? 1) + 1 };
}

async function rolledOutCluster(replicas: number): Promise<FakeCluster> {
  const cluster = new FakeCluster();
  cluster.addDeployment(web(replicas, 'v1'));
  await cluster.sync();
  cluster.settle([...cluster.rs.keys()][0]);
  await cluster.sync();
  return cluster;
}

test('a new deployment gets a ReplicaSet named by its template hash, owned by it, at revision 1', async (t) => {
  const cluster = await rolledOutCluster(3);
  const [rs] = cluster.rs.values();
  const hash = rs.metadata?.labels?.[POD_TEMPLATE_HASH_LABEL];
  t.is(rs.metadata?.name, `web-${hash}`);
  t.like(rs.spec, { replicas: 3, selector: { matchLabels: { app: 'web', [POD_TEMPLATE_HASH_LABEL]: hash } } });
  t.like(rs.metadata?.ownerReferences?.[0], { kind: 'Deployment', uid: 'd-uid', controller: true });
  const d = cluster.deployments.get('web')!;
  t.is((d.metadata?.annotations as Record<string, string>)[REVISION_ANNOTATION], '1');
  t.like(d.status, { replicas: 3, updatedReplicas: 3, availableReplicas: 3, observedGeneration: 1 });
  t.like(d.status?.conditions?.find((c) => c.type === 'Progressing'), { status: 'True', reason: 'NewReplicaSetAvailable' });
});

test('a rolling update surges the new ReplicaSet first, then scales old down only as far as availability allows', async (t) => {
  const cluster = await rolledOutCluster(10);
  setImage(cluster, 'v2');
  await cluster.sync();
  // 12 pods allowed: two new; 9 must stay available: one old may go.
  t.deepEqual(cluster.sizes(), { v1: 9, v2: 2 });
  const v2 = [...cluster.rs.values()].find((rs) => rs.spec?.template?.spec?.containers[0].image === 'v2')!;
  cluster.settle(v2.metadata!.name!, 0);
  // The old ReplicaSet's controller has not deleted that pod yet: the new one may not grow, nor old ones shrink.
  await cluster.sync();
  t.deepEqual(cluster.sizes(), { v1: 9, v2: 2 });
  const v1 = [...cluster.rs.values()].find((rs) => rs.metadata?.name !== v2.metadata?.name)!;
  cluster.settle(v1.metadata!.name!);
  await cluster.sync();
  t.deepEqual(cluster.sizes(), { v1: 9, v2: 3 });
  t.true(cluster.events.includes(`ScalingReplicaSet: Scaled up replica set ${v2.metadata?.name} from 2 to 3`));
});

test('changing replicas mid-rollout scales the ReplicaSets in proportion', async (t) => {
  const cluster = await rolledOutCluster(10);
  setImage(cluster, 'v2');
  await cluster.sync();
  for (const name of cluster.rs.keys()) cluster.settle(name);
  const d = cluster.deployments.get('web')!;
  d.spec!.replicas = 20;
  await cluster.sync();
  // 12 pods allowed for 10 replicas, 22 for 20: 10 more spread as 10:2.
  t.deepEqual(cluster.sizes(), { v1: 18, v2: 4 });
  t.true([...cluster.rs.values()].every((rs) => (rs.metadata?.annotations as Record<string, string>)['deployment.kubernetes.io/desired-replicas'] === '20'));
});

test('paused: a new template makes no ReplicaSet and the condition says paused; resuming rolls out', async (t) => {
  const cluster = await rolledOutCluster(2);
  setImage(cluster, 'v2', { paused: true });
  await cluster.sync();
  t.is(cluster.rs.size, 1);
  t.like(cluster.deployments.get('web')!.status?.conditions?.find((c) => c.type === 'Progressing'), { status: 'Unknown', reason: 'DeploymentPaused' });
  cluster.deployments.get('web')!.spec!.paused = false;
  await cluster.sync();
  t.is(cluster.rs.size, 2);
  t.is((cluster.deployments.get('web')!.metadata?.annotations as Record<string, string>)[REVISION_ANNOTATION], '2');
});

test('returning to an old template reuses its ReplicaSet with the next revision', async (t) => {
  const cluster = await rolledOutCluster(1);
  setImage(cluster, 'v2');
  await cluster.sync();
  setImage(cluster, 'v1');
  await cluster.sync();
  t.is(cluster.rs.size, 2);
  const v1 = [...cluster.rs.values()].find((rs) => rs.spec?.template?.spec?.containers[0].image === 'v1')!;
  t.like(v1.metadata?.annotations, { [REVISION_ANNOTATION]: '3', 'deployment.kubernetes.io/revision-history': '1' });
});

test('the deprecated rollback annotation takes the previous revision\'s template and is cleared', async (t) => {
  const cluster = await rolledOutCluster(1);
  setImage(cluster, 'v2');
  await cluster.sync();
  const d = cluster.deployments.get('web')!;
  d.metadata = { ...d.metadata, annotations: { ...(d.metadata?.annotations as object), 'deprecated.deployment.rollback.to': '0' } };
  await cluster.sync();
  const rolledBack = cluster.deployments.get('web')!;
  t.is(rolledBack.spec?.template?.spec?.containers[0].image, 'v1');
  t.is(rolledBack.spec?.template?.metadata?.labels?.[POD_TEMPLATE_HASH_LABEL], undefined);
  t.false('deprecated.deployment.rollback.to' in (rolledBack.metadata?.annotations as object));
  t.true(cluster.events.includes('DeploymentRollback: Rolled back deployment "web" to revision 1'));
  // One sync gives the ReplicaSet its new revision, the next one the deployment.
  await cluster.sync();
  await cluster.sync();
  t.is((cluster.deployments.get('web')!.metadata?.annotations as Record<string, string>)[REVISION_ANNOTATION], '3');
});

test('a name taken by a ReplicaSet of another template bumps collisionCount', async (t) => {
  const cluster = await rolledOutCluster(1);
  const [rs] = cluster.rs.values();
  rs.spec!.template!.spec!.containers[0].image = 'someone-else';
  rs.spec!.replicas = 0;
  await t.throwsAsync(cluster.sync());
  t.is(cluster.deployments.get('web')!.status?.collisionCount, 1);
  await cluster.sync();
  t.is(cluster.rs.size, 2);
});

test('without progress past the deadline the rollout times out; before it, a check is queued for the deadline', async (t) => {
  const cluster = new FakeCluster();
  cluster.addDeployment(web(1, 'v1', { progressDeadlineSeconds: 30 }));
  await cluster.sync();
  await cluster.sync();
  t.deepEqual(cluster.requeued.at(-1), ['ns/web', 31_000]);
  cluster.nowMs += 31_000;
  await cluster.sync();
  t.like(cluster.deployments.get('web')!.status?.conditions?.find((c) => c.type === 'Progressing'), { status: 'False', reason: 'ProgressDeadlineExceeded' });
});

test('old ReplicaSets beyond revisionHistoryLimit are deleted once scaled to nothing', async (t) => {
  const cluster = new FakeCluster();
  cluster.addDeployment(web(1, 'v1', { revisionHistoryLimit: 1, strategy: { type: 'Recreate' } }));
  for (const image of ['v1', 'v2', 'v3']) {
    if (image !== 'v1') setImage(cluster, image);
    for (let i = 0; i < 4; i++) {
      await cluster.sync();
      for (const name of cluster.rs.keys()) cluster.settle(name);
    }
  }
  t.deepEqual(cluster.sizes(), { v2: 0, v3: 1 });
});

test('a selector that selects everything is refused with a warning', async (t) => {
  const cluster = new FakeCluster();
  cluster.addDeployment(web(1, 'v1', { selector: {} }));
  await cluster.sync();
  t.is(cluster.rs.size, 0);
  t.deepEqual(cluster.events, ['SelectingAll: This deployment is selecting all pods. A non-empty selector is required.']);
  t.is(cluster.deployments.get('web')!.status?.observedGeneration, 1);
});
