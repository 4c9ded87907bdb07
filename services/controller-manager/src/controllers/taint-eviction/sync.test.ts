import test from 'ava';
import type { Node, Pod, Taint, Toleration } from 'kubernetes-types/core/v1.js';
import { syncPod, type TaintEvictionDeps } from './sync.js';

const T0 = Date.parse('2026-12-02T10:00:00Z');
const UNREACHABLE: Taint = { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: '2026-12-02T10:00:00Z' };

function fake(pod: Pod, taints: Taint[], now = T0 + 1000) {
  const calls = { evicted: [] as string[], after: [] as Array<[string, number]>, cancelled: [] as string[] };
  const nodes = new Map<string, Node>([['n1', { metadata: { name: 'n1' }, spec: { taints } }]]);
  const deps: TaintEvictionDeps = {
    getPod: (key) => (key === 'default/p' ? pod : undefined),
    getNode: (name) => nodes.get(name),
    taintAddedAt: (_node, taint) => Date.parse(taint.timeAdded!),
    evict: async (p) => void calls.evicted.push(p.metadata!.name!),
    syncAfter: (key, ms) => void calls.after.push([key, ms]),
    cancelled: (key) => void calls.cancelled.push(key),
    scheduled: new Map(),
    now: () => now,
  };
  return { deps, calls, nodes };
}

const pod = (tolerations?: Toleration[], extra: Pod['metadata'] = {}): Pod => ({
  metadata: { name: 'p', namespace: 'default', ...extra },
  spec: { nodeName: 'n1', containers: [], tolerations },
});

test('a pod that does not tolerate the taint is evicted at once', async (t) => {
  const { deps, calls } = fake(pod(), [UNREACHABLE]);
  await syncPod('default/p', deps);
  t.deepEqual(calls.evicted, ['p']);
});

test('a pod tolerating for 5 s waits for the rest of them, then goes; the taint going away first cancels it', async (t) => {
  const p = pod([{ key: UNREACHABLE.key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 5 }]);
  const early = fake(p, [UNREACHABLE]);
  await syncPod('default/p', early.deps);
  t.deepEqual(early.calls.after, [['default/p', 4000]]);
  t.deepEqual(early.calls.evicted, []);
  early.nodes.set('n1', { metadata: { name: 'n1' }, spec: {} });
  await syncPod('default/p', early.deps);
  t.deepEqual(early.calls.cancelled, ['default/p']);
  t.is(early.deps.scheduled.size, 0);

  const late = fake(p, [UNREACHABLE], T0 + 5000);
  await syncPod('default/p', late.deps);
  t.deepEqual(late.calls.evicted, ['p']);
});

test('tolerated forever, already being deleted, or gone: nothing to do and nothing to cancel', async (t) => {
  for (const p of [pod([{ operator: 'Exists' }]), pod(undefined, { deletionTimestamp: '2026-12-02T10:00:00Z' })]) {
    const { deps, calls } = fake(p, [UNREACHABLE]);
    await syncPod('default/p', deps);
    await syncPod('default/other', deps);
    t.deepEqual(calls, { evicted: [], after: [], cancelled: [] });
  }
});
