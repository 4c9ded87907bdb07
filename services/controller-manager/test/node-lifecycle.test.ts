// Node lifecycle across processes: a store and apiserver, the scheduler, two hollow-node
// processes and the controller-manager running the node lifecycle and taint eviction
// controllers (and the ReplicaSet controller). One hollow-node process is killed; its node goes
// Unknown and gets the unreachable taint, its pods are evicted as their tolerations say and a
// ReplicaSet's are made again on the other node; started again, the node is Ready and
// untainted. The other node stays Ready throughout.
import test from 'ava';
import type { KubeObject } from '@kubeling/client';
import { waitFor, waitForLog, type Component } from '@kubeling/testing';
import type { Event, Node, Pod, Toleration } from 'kubernetes-types/core/v1.js';
import { useCluster } from './cluster-fixture.js';

type NodeObject = Node & KubeObject;
type PodObject = Pod & KubeObject;

const NODES = { version: 'v1', resource: 'nodes' };
const PODS = { version: 'v1', resource: 'pods', namespace: 'default' };
const REPLICA_SETS = { group: 'apps', version: 'v1', resource: 'replicasets', namespace: 'default' };
const UNREACHABLE = 'node.kubernetes.io/unreachable';
const WAIT = { timeoutMs: 120_000, intervalMs: 250 };

const fixture = useCluster();
/** The hollow-node process of a-0, which the first test kills. */
let nodeA: Component;

const hollowNode = (prefix: string, logName: string) =>
  fixture.start('hollow-node', ['--count', '1', '--name-prefix', prefix, '--node-status-update-frequency', '1s', '--node-lease-renew-interval', '1s'], logName);

test.before(async () => {
  const scheduler = fixture.start('scheduler', ['--leader-elect=false']);
  nodeA = hollowNode('a-', 'hollow-a');
  const nodes = [nodeA, hollowNode('b-', 'hollow-b')];
  const manager = fixture.start('controller-manager', [
    '--leader-elect=false',
    '--controllers', 'node-lifecycle-controller,taint-eviction-controller,replicaset-controller',
    '--node-monitor-grace-period', '8s',
    '--node-monitor-period', '1s',
    '--node-eviction-rate', '10',
  ]);
  await Promise.all([waitForLog(scheduler, 'caches synced'), ...nodes.map((n) => waitForLog(n, 'hollow nodes registered')), waitForLog(manager, 'caches synced; controllers running')]);
});

const getNode = (name: string) => fixture.client.get<NodeObject>({ ...NODES, name });
const ready = (node: Node) => node.status?.conditions?.find((c) => c.type === 'Ready');
const noExecuteTaints = (node: Node) => (node.spec?.taints ?? []).filter((t) => t.effect === 'NoExecute');
const getPod = (name: string) => fixture.client.get<PodObject>({ ...PODS, name }).catch(() => undefined);

function pod(name: string, tolerations?: Toleration[]) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name },
    spec: { containers: [{ name: 'c', image: 'busybox' }], nodeSelector: { 'kubernetes.io/hostname': 'a-0' }, ...(tolerations ? { tolerations } : {}) },
  };
}

/** Two pods that prefer a-0 and tolerate its being unreachable for 5 s. */
const replicaSet = {
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: { name: 'moves' },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'moves' } },
    template: {
      metadata: { labels: { app: 'moves' } },
      spec: {
        containers: [{ name: 'c', image: 'busybox' }],
        tolerations: [{ key: UNREACHABLE, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 5 }],
        affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, preference: { matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['a-0'] }] } }] } },
      },
    },
  },
};

/** The ReplicaSet's pods that are Ready and not being deleted, by node. */
async function readyPodsOfReplicaSet(): Promise<string[]> {
  const pods = await fixture.client.list<PodObject>(PODS, { labelSelector: 'app=moves' });
  return pods.items.filter((p) => !p.metadata?.deletionTimestamp && p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')).map((p) => p.spec!.nodeName!);
}

/** Records any moment the node is seen other than Ready, until stopped. */
function watchStaysReady(name: string) {
  const seen: string[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const status = ready(await getNode(name))?.status;
      if (status !== 'True') seen.push(String(status));
      await new Promise((r) => setTimeout(r, 500));
    }
  })();
  return { seen, stop: async () => ((running = false), await loop) };
}

test.serial('a node whose kubelet dies turns Unknown and unreachable-tainted; its pods go as their tolerations say, a ReplicaSet\'s are made again elsewhere; it comes back untainted', async (t) => {
  const other = watchStaysReady('b-0');
  const forever: Toleration = { key: UNREACHABLE, operator: 'Exists', effect: 'NoExecute' };
  await fixture.client.create(PODS, pod('tolerates-5s', [{ ...forever, tolerationSeconds: 5 }]));
  await fixture.client.create(PODS, pod('tolerates-forever', [forever]));
  const defaulted = await fixture.client.create<PodObject>(PODS, pod('defaulted'));
  t.deepEqual(defaulted.spec?.tolerations, [
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    { key: UNREACHABLE, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
  ]);
  for (const name of ['tolerates-5s', 'tolerates-forever', 'defaulted']) {
    await waitFor(async () => (await getPod(name))?.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'), { ...WAIT, what: `${name} running and Ready on a-0` });
  }
  await fixture.client.create(REPLICA_SETS, replicaSet);
  t.deepEqual(await waitFor(async () => ((await readyPodsOfReplicaSet()).length === 2 ? readyPodsOfReplicaSet() : undefined), { ...WAIT, what: 'the ReplicaSet Ready' }), ['a-0', 'a-0']);

  await nodeA.process.kill9();
  const tainted = await waitFor(async () => {
    const node = await getNode('a-0');
    return noExecuteTaints(node).some((x) => x.key === UNREACHABLE) ? node : undefined;
  }, { ...WAIT, what: 'a-0 tainted unreachable:NoExecute' });
  const early = await getPod('tolerates-5s');
  t.truthy(early, 'the pod tolerating 5 s is still there right after the taint appears');
  t.falsy(early?.metadata?.deletionTimestamp);
  t.like(ready(tainted), { status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' });
  t.true(tainted.status!.conditions!.filter((c) => c.type !== 'NetworkUnavailable').every((c) => c.status === 'Unknown'));
  const unreachable = noExecuteTaints(tainted);
  t.is(unreachable.length, 1, 'unreachable only, never not-ready as well');
  t.truthy(unreachable[0]!.timeAdded);

  await waitFor(async () => {
    const p = await getPod('tolerates-5s');
    return !p || p.metadata?.deletionTimestamp !== undefined;
  }, { ...WAIT, what: 'tolerates-5s being deleted' });
  const evicted = await getPod('tolerates-5s');
  if (evicted) t.like(evicted.status?.conditions?.find((c) => c.type === 'DisruptionTarget'), { status: 'True', reason: 'DeletionByTaintManager' });
  const events = await fixture.client.list<Event & KubeObject>({ version: 'v1', resource: 'events', namespace: 'default' });
  t.true(events.items.some((e) => e.reason === 'TaintManagerEviction' && e.message === 'Marking for deletion Pod default/tolerates-5s'));
  for (const name of ['tolerates-forever', 'defaulted']) {
    const p = await getPod(name);
    t.falsy(p?.metadata?.deletionTimestamp, `${name} stays`);
    t.like(p?.status?.conditions?.find((c) => c.type === 'Ready'), { status: 'False' }, `${name} is marked not Ready`);
  }
  t.true((await getNode('a-0')).spec?.taints?.some((x) => x.key === UNREACHABLE && x.effect === 'NoSchedule'));
  const moved = await waitFor(async () => {
    const nodes = await readyPodsOfReplicaSet();
    return nodes.length === 2 && nodes.every((n) => n === 'b-0') ? nodes : undefined;
  }, { ...WAIT, what: "the ReplicaSet's evicted pods made again on b-0" });
  t.deepEqual(moved, ['b-0', 'b-0']);

  const restarted = hollowNode('a-', 'hollow-a-again');
  await waitForLog(restarted, 'hollow nodes registered');
  const back = await waitFor(async () => {
    const node = await getNode('a-0');
    return ready(node)?.status === 'True' && (node.spec?.taints ?? []).length === 0 ? node : undefined;
  }, { ...WAIT, what: 'a-0 Ready and untainted' });
  t.is(ready(back)?.reason, 'KubeletReady');
  await waitFor(async () => !(await getPod('tolerates-5s')), { ...WAIT, what: 'the restarted kubelet finishing the deletion' });
  t.truthy(await getPod('tolerates-forever'));

  await other.stop();
  t.deepEqual(other.seen, [], 'b-0 stayed Ready');
});

test.serial('a cordoned node gets the unschedulable NoSchedule taint, and loses it when uncordoned', async (t) => {
  const cordon = (unschedulable: boolean) => fixture.client.patch({ ...NODES, name: 'b-0' }, 'merge', { spec: { unschedulable } });
  const hasTaint = async () => (await getNode('b-0')).spec?.taints?.some((x) => x.key === 'node.kubernetes.io/unschedulable' && x.effect === 'NoSchedule') ?? false;
  await cordon(true);
  await waitFor(hasTaint, { ...WAIT, what: 'b-0 tainted unschedulable' });
  await cordon(false);
  await waitFor(async () => !(await hasTaint()), { ...WAIT, what: 'b-0 untainted' });
  t.pass();
});
