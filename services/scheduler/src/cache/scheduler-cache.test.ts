import test from 'ava';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { SchedulerCache } from './scheduler-cache.js';

const node = (name: string, cpu = '4'): Node => ({ metadata: { name }, status: { allocatable: { cpu, memory: '8Gi', pods: '110' } } });
const pod = (name: string, nodeName: string, cpu = '1', phase?: string): Pod => ({
  metadata: { name, namespace: 'default', uid: `uid-${name}` },
  spec: { nodeName, containers: [{ name: 'c', image: 'i', resources: { requests: { cpu } } }] },
  ...(phase ? { status: { phase } } : {}),
});
const cpuOn = (cache: SchedulerCache, name: string) => cache.snapshot().get(name)?.requested.milliCPU;

test('an assumed pod counts against its node at once; forgetting it frees the room', (t) => {
  const cache = new SchedulerCache();
  cache.addNode(node('n1'));
  cache.assumePod(pod('a', 'n1'));
  t.is(cpuOn(cache, 'n1'), 1000);
  t.true(cache.isAssumed(pod('a', 'n1')));
  t.throws(() => cache.assumePod(pod('a', 'n1')), { message: /already in the cache/ });
  cache.forgetPod(pod('a', 'n1'));
  t.is(cpuOn(cache, 'n1'), 0);
  t.false(cache.has(pod('a', 'n1')));
});

test('the informer confirming an assumed pod replaces it without counting it twice, and forget then leaves it', (t) => {
  const cache = new SchedulerCache();
  cache.addNode(node('n1'));
  cache.assumePod(pod('a', 'n1'));
  cache.addPod(pod('a', 'n1'));
  t.is(cpuOn(cache, 'n1'), 1000);
  t.false(cache.isAssumed(pod('a', 'n1')));
  cache.forgetPod(pod('a', 'n1'));
  t.is(cpuOn(cache, 'n1'), 1000, 'a bound pod is not forgotten');
  cache.updatePod(pod('a', 'n1', '2'));
  t.is(cpuOn(cache, 'n1'), 2000);
  cache.updatePod(pod('a', 'n1', '2', 'Succeeded'));
  t.is(cpuOn(cache, 'n1'), 0, 'a finished pod holds nothing');
});

test('pods seen before their node count once it arrives; node updates keep the pods; removed nodes leave the snapshot', (t) => {
  const cache = new SchedulerCache();
  cache.addPod(pod('a', 'n2'));
  cache.addNode(node('n1'));
  t.is(cache.snapshot().numNodes, 1);
  cache.addNode(node('n2'));
  t.is(cpuOn(cache, 'n2'), 1000);
  cache.updateNode(node('n2', '8'));
  t.is(cpuOn(cache, 'n2'), 1000);
  t.is(cache.snapshot().get('n2')?.allocatable.milliCPU, 8000);
  cache.removePod(pod('a', 'n2'));
  t.is(cpuOn(cache, 'n2'), 0);
  cache.removeNode(node('n1'));
  t.deepEqual(cache.snapshot().list().map((n) => n.name), ['n2']);
});
