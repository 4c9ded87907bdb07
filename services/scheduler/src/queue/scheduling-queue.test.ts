import test, { type ExecutionContext } from 'ava';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { ActionType, type ClusterEvent, NodeAdd, NodeAllocatableChange, NodeTaintChange, WildCardEvent } from '../framework/events.js';
import { FakeClock } from './fake-clock.js';
import type { QueuedPodInfo } from './queued-pod-info.js';
import { PriorityQueue, type PriorityQueueOptions } from './scheduling-queue.js';

const eventsToRegister = new Map<string, ClusterEvent[]>([
  [
    'NodeResourcesFit',
    [
      { resource: 'Node', actionType: ActionType.Add | ActionType.UpdateNodeAllocatable },
      { resource: 'Pod', actionType: ActionType.Delete },
    ],
  ],
  ['TaintToleration', [{ resource: 'Node', actionType: ActionType.Add | ActionType.UpdateNodeTaint }]],
  ['InterPodAffinity', [{ resource: 'Pod', actionType: ActionType.All }]],
  ['PodTopologySpread', [{ resource: 'Pod', actionType: ActionType.All }]],
]);

function makePod(name: string, options: { priority?: number; namespace?: string; image?: string } = {}): Pod {
  const namespace = options.namespace ?? 'default';
  return {
    metadata: { name, namespace, uid: `${namespace}-${name}`, resourceVersion: '1' },
    spec: { priority: options.priority, containers: [{ name: 'c', image: options.image ?? 'pause' }] },
  };
}

function newQueue(t: ExecutionContext, options: PriorityQueueOptions = {}) {
  const clock = new FakeClock();
  const queue = new PriorityQueue(eventsToRegister, { clock, ...options });
  queue.run();
  t.teardown(() => queue.close());
  return { clock, queue };
}

/** Pod names per sub-queue, sorted. */
function queued(queue: PriorityQueue): Record<string, string[]> {
  const names = (pods: Pod[]) => pods.map((pod) => pod.metadata!.name!).sort();
  const pending = queue.pendingPods();
  return { activeQ: names(pending.activeQ), backoffQ: names(pending.backoffQ), unschedulablePods: names(pending.unschedulablePods) };
}

async function popName(queue: PriorityQueue): Promise<string | undefined> {
  return (await queue.pop())?.pod.metadata?.name;
}

/** Pops every given pod and fails it, rejected by the given plugins, with no move request meanwhile. */
async function failAll(queue: PriorityQueue, rejections: Record<string, string[]>): Promise<QueuedPodInfo[]> {
  const failed: QueuedPodInfo[] = [];
  for (let i = 0; i < Object.keys(rejections).length; i++) {
    const podInfo = (await queue.pop())!;
    podInfo.unschedulablePlugins = new Set(rejections[podInfo.pod.metadata!.name!]);
    queue.addUnschedulableIfNotPresent(podInfo, queue.schedulingCycle());
    failed.push(podInfo);
  }
  return failed;
}

/** Whether the promise has settled once pending callbacks have run. */
async function isSettled(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  void promise.then(() => (settled = true));
  await new Promise((resolve) => setImmediate(resolve));
  return settled;
}

test('pops the highest priority first; no priority counts as 0', async (t) => {
  const { queue } = newQueue(t);
  queue.add(makePod('low', { priority: 0 }));
  queue.add(makePod('high', { priority: 100 }));
  queue.add(makePod('none'));
  queue.add(makePod('mid', { priority: 50 }));
  queue.add(makePod('negative', { priority: -1 }));
  const order = [];
  for (let i = 0; i < 5; i++) order.push(await popName(queue));
  t.deepEqual(order, ['high', 'mid', 'low', 'none', 'negative']);
});

test('pops first in, first out within a priority, within one millisecond or across several', async (t) => {
  const { clock, queue } = newQueue(t);
  const names = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
  for (const [i, name] of names.entries()) {
    queue.add(makePod(name));
    if (i % 3 === 0) clock.step(1);
  }
  const order = [];
  for (let i = 0; i < names.length; i++) order.push(await popName(queue));
  t.deepEqual(order, names);
});

test('a pod is queued once: adding it again, wherever it waits, queues no second copy and keeps its attempts', async (t) => {
  const { queue } = newQueue(t);
  queue.add(makePod('a'));
  queue.add(makePod('a'));
  t.deepEqual(queued(queue).activeQ, ['a']);

  const [failed] = await failAll(queue, { a: ['NodeResourcesFit'] });
  queue.add(makePod('a'));
  t.deepEqual(queued(queue), { activeQ: [], backoffQ: [], unschedulablePods: ['a'] }, 'an unchanged replay does not move it');
  t.is(failed.attempts, 1, 'its attempts are kept');

  queue.moveAllToActiveOrBackoffQueue(WildCardEvent);
  t.deepEqual(queued(queue), { activeQ: [], backoffQ: ['a'], unschedulablePods: [] });
  queue.add(makePod('a'));
  t.deepEqual(queued(queue), { activeQ: [], backoffQ: ['a'], unschedulablePods: [] });
});

test('a pod in flight is not queued again until its cycle ends with done()', async (t) => {
  const { queue } = newQueue(t);
  queue.add(makePod('a'));
  const podInfo = (await queue.pop())!;
  queue.add(makePod('a'));
  t.deepEqual(queued(queue).activeQ, [], 'in flight');
  queue.done(podInfo.pod.metadata!.uid!);
  queue.add(makePod('a'));
  t.deepEqual(queued(queue).activeQ, ['a'], 'after done it is a new pending pod');
});

test('the backoff starts at podInitialBackoffSeconds and doubles with each attempt up to podMaxBackoffSeconds', async (t) => {
  const backoffSeconds = async (options: PriorityQueueOptions, attempts: number) => {
    const { clock, queue } = newQueue(t, options);
    queue.add(makePod('a'));
    const seconds: number[] = [];
    for (let attempt = 0; attempt < attempts; attempt++) {
      const podInfo = (await queue.pop())!;
      // A move request during the cycle sends the failed pod to the backoff queue.
      queue.moveAllToActiveOrBackoffQueue(NodeAdd);
      queue.addUnschedulableIfNotPresent(podInfo, queue.schedulingCycle());
      let waited = 0;
      while (queue.pendingPods().activeQ.length === 0 && waited < 60) {
        t.deepEqual(queued(queue).backoffQ, ['a']);
        clock.step(1000);
        waited++;
      }
      seconds.push(waited);
    }
    return seconds;
  };
  t.deepEqual(await backoffSeconds({}, 7), [1, 2, 4, 8, 10, 10, 10]);
  t.deepEqual(await backoffSeconds({ podInitialBackoffSeconds: 2, podMaxBackoffSeconds: 5 }, 4), [2, 4, 5, 5]);
});

test('a pod that fails while a move request arrived during its cycle goes to the backoff queue; otherwise to unschedulablePods', async (t) => {
  const { queue } = newQueue(t);
  queue.add(makePod('missed-event'));
  queue.add(makePod('no-event'));

  const first = (await queue.pop())!;
  const firstCycle = queue.schedulingCycle();
  queue.moveAllToActiveOrBackoffQueue(NodeAdd);
  first.unschedulablePlugins = new Set(['NodeResourcesFit']);
  queue.addUnschedulableIfNotPresent(first, firstCycle);

  const second = (await queue.pop())!;
  second.unschedulablePlugins = new Set(['NodeResourcesFit']);
  queue.addUnschedulableIfNotPresent(second, queue.schedulingCycle());

  t.deepEqual(queued(queue), { activeQ: [], backoffQ: ['missed-event'], unschedulablePods: ['no-event'] });
});

test('an event moves only the unschedulable pods whose rejecting plugins registered it; no plugin means any event', async (t) => {
  const { clock, queue } = newQueue(t);
  for (const name of ['fit', 'taint', 'unknown-plugin', 'error']) queue.add(makePod(name));
  await failAll(queue, { fit: ['NodeResourcesFit'], taint: ['TaintToleration'], 'unknown-plugin': ['NotRegistered'], error: [] });

  queue.moveAllToActiveOrBackoffQueue(NodeTaintChange);
  t.deepEqual(queued(queue), { activeQ: [], backoffQ: ['error', 'taint'], unschedulablePods: ['fit', 'unknown-plugin'] }, 'still backing off');

  clock.step(2000);
  queue.moveAllToActiveOrBackoffQueue(NodeAllocatableChange);
  t.deepEqual(queued(queue), { activeQ: ['error', 'fit', 'taint'], backoffQ: [], unschedulablePods: ['unknown-plugin'] }, 'backoff over');

  queue.moveAllToActiveOrBackoffQueue({ resource: 'Pod', actionType: ActionType.Add, label: 'AssignedPodAdd' });
  t.deepEqual(queued(queue).unschedulablePods, ['unknown-plugin'], 'a plugin that registered no event is only moved by a wildcard');
  queue.moveAllToActiveOrBackoffQueue(WildCardEvent);
  t.deepEqual(queued(queue).unschedulablePods, []);
});

test('the pre-enqueue check filters the pods an event moves', async (t) => {
  const { queue } = newQueue(t);
  queue.add(makePod('small'));
  queue.add(makePod('large'));
  await failAll(queue, { small: ['NodeResourcesFit'], large: ['NodeResourcesFit'] });
  queue.moveAllToActiveOrBackoffQueue(NodeAdd, (pod) => pod.metadata?.name === 'small');
  t.deepEqual(queued(queue), { activeQ: [], backoffQ: ['small'], unschedulablePods: ['large'] });
});

test('pods whose backoff ended are flushed to activeQ every second, waking a waiting pop', async (t) => {
  const { clock, queue } = newQueue(t);
  queue.add(makePod('a'));
  const podInfo = (await queue.pop())!;
  queue.moveAllToActiveOrBackoffQueue(NodeAdd);
  queue.addUnschedulableIfNotPresent(podInfo, queue.schedulingCycle());
  const next = queue.pop();
  clock.step(999);
  t.false(await isSettled(next));
  clock.step(1);
  t.is((await next)?.pod.metadata?.name, 'a');
  t.is(podInfo.attempts, 2);
});

test('pods unschedulable longer than podMaxInUnschedulablePodsDuration are retried at the next 30 s flush', async (t) => {
  const { clock, queue } = newQueue(t);
  queue.add(makePod('a'));
  await failAll(queue, { a: ['NodeResourcesFit'] });
  clock.step(5 * 60_000);
  t.deepEqual(queued(queue).unschedulablePods, ['a'], 'exactly five minutes is not longer');
  clock.step(29_999);
  t.deepEqual(queued(queue).unschedulablePods, ['a'], 'no flush yet');
  clock.step(1);
  t.deepEqual(queued(queue), { activeQ: ['a'], backoffQ: [], unschedulablePods: [] });

  const { clock: clock2, queue: queue2 } = newQueue(t, { podMaxInUnschedulablePodsDuration: 45_000 });
  queue2.add(makePod('b'));
  await failAll(queue2, { b: ['NodeResourcesFit'] });
  clock2.step(30_000);
  t.deepEqual(queued(queue2).unschedulablePods, ['b']);
  clock2.step(30_000);
  t.deepEqual(queued(queue2).activeQ, ['b']);
});

test('close stops the flushes', async (t) => {
  const { clock, queue } = newQueue(t);
  queue.add(makePod('a'));
  await failAll(queue, { a: ['NodeResourcesFit'] });
  queue.close();
  clock.step(10 * 60_000);
  t.deepEqual(queued(queue).unschedulablePods, ['a']);
});

test('pop waits for a pod; close releases every waiter with undefined, and later pops too', async (t) => {
  const { queue } = newQueue(t);
  const first = queue.pop();
  const second = queue.pop();
  t.false(await isSettled(first));
  queue.add(makePod('a'));
  t.is((await first)?.pod.metadata?.name, 'a');
  t.false(await isSettled(second));
  queue.close();
  t.is(await second, undefined);
  queue.add(makePod('b'));
  t.is(await queue.pop(), undefined);
});

test('an update to a pod in activeQ applies in place and reorders it', async (t) => {
  const { queue } = newQueue(t);
  queue.add(makePod('a', { priority: 10 }));
  queue.add(makePod('b', { priority: 5 }));
  queue.update(makePod('b', { priority: 5 }), makePod('b', { priority: 20 }));
  t.deepEqual(queued(queue).activeQ, ['a', 'b']);
  const popped = (await queue.pop())!;
  t.is(popped.pod.metadata?.name, 'b');
  t.is(popped.pod.spec?.priority, 20);
});

test('an update to an unschedulable pod moves it only if more than its status or bookkeeping changed', async (t) => {
  const { clock, queue } = newQueue(t);
  queue.add(makePod('a'));
  await failAll(queue, { a: ['NodeResourcesFit'] });

  const statusOnly: Pod = { ...makePod('a'), metadata: { ...makePod('a').metadata, resourceVersion: '2' }, status: { phase: 'Pending' } };
  queue.update(makePod('a'), statusOnly);
  t.deepEqual(queued(queue).unschedulablePods, ['a']);
  t.is(queue.pendingPods().unschedulablePods[0].metadata?.resourceVersion, '2', 'updated in place');

  queue.update(statusOnly, makePod('a', { image: 'nginx' }));
  t.deepEqual(queued(queue).backoffQ, ['a'], 'still backing off');

  queue.add(makePod('b'));
  await failAll(queue, { b: ['NodeResourcesFit'] });
  clock.step(1000);
  queue.update(makePod('b'), makePod('b', { image: 'nginx' }));
  t.deepEqual(queued(queue), { activeQ: ['a', 'b'], backoffQ: [], unschedulablePods: [] }, 'backoff over');
});

test('an update to a pod the queue does not hold adds it', (t) => {
  const { queue } = newQueue(t);
  queue.update(makePod('a'), makePod('a', { image: 'nginx' }));
  t.deepEqual(queued(queue).activeQ, ['a']);
});

test('an update during the cycle is kept: the failed pod comes back in its new version, to backoff, not unschedulable', async (t) => {
  const { queue } = newQueue(t);
  queue.add(makePod('updated'));
  queue.add(makePod('status-only'));
  const updated = (await queue.pop())!;
  const statusOnly = (await queue.pop())!;
  queue.update(makePod('updated'), makePod('updated', { image: 'nginx' }));
  queue.update(makePod('status-only'), { ...makePod('status-only'), status: { phase: 'Pending' } });
  t.deepEqual(queued(queue), { activeQ: [], backoffQ: [], unschedulablePods: [] }, 'nothing queued while in flight');
  queue.addUnschedulableIfNotPresent(updated, 1);
  queue.addUnschedulableIfNotPresent(statusOnly, 2);
  t.deepEqual(queued(queue), { activeQ: [], backoffQ: ['updated'], unschedulablePods: ['status-only'] });
  t.is(queue.pendingPods().backoffQ[0].spec?.containers[0].image, 'nginx');
});

test('delete removes a pod from whichever sub-queue holds it', async (t) => {
  const { queue } = newQueue(t);
  queue.add(makePod('unschedulable'));
  queue.add(makePod('backoff'));
  await failAll(queue, { unschedulable: ['NodeResourcesFit'] });
  const backoff = (await queue.pop())!;
  queue.moveAllToActiveOrBackoffQueue({ resource: 'PersistentVolume', actionType: ActionType.Add, label: 'PvAdd' });
  queue.addUnschedulableIfNotPresent(backoff, queue.schedulingCycle());
  queue.add(makePod('active'));
  t.deepEqual(queued(queue), { activeQ: ['active'], backoffQ: ['backoff'], unschedulablePods: ['unschedulable'] });
  for (const name of ['active', 'backoff', 'unschedulable']) queue.delete(makePod(name));
  t.deepEqual(queued(queue), { activeQ: [], backoffQ: [], unschedulablePods: [] });
});

test('a pod deleted during its cycle is not queued again when the cycle fails', async (t) => {
  const { queue } = newQueue(t);
  queue.add(makePod('a'));
  const podInfo = (await queue.pop())!;
  queue.delete(makePod('a'));
  queue.addUnschedulableIfNotPresent(podInfo, queue.schedulingCycle());
  t.deepEqual(queued(queue), { activeQ: [], backoffQ: [], unschedulablePods: [] });
});

test('an assigned pod moves the pods rejected by InterPodAffinity, and by PodTopologySpread in its namespace', async (t) => {
  const { queue } = newQueue(t);
  const pods = [makePod('affinity', { namespace: 'other' }), makePod('spread'), makePod('spread-elsewhere', { namespace: 'other' }), makePod('fit')];
  for (const pod of pods) queue.add(pod);
  await failAll(queue, { affinity: ['InterPodAffinity'], spread: ['PodTopologySpread'], 'spread-elsewhere': ['PodTopologySpread'], fit: ['NodeResourcesFit'] });
  queue.assignedPodAdded(makePod('web', { namespace: 'default' }));
  t.deepEqual(queued(queue), { activeQ: [], backoffQ: ['affinity', 'spread'], unschedulablePods: ['fit', 'spread-elsewhere'] });
});

test('an assigned pod update moves them only when its labels changed', async (t) => {
  const { queue } = newQueue(t);
  queue.add(makePod('affinity'));
  await failAll(queue, { affinity: ['InterPodAffinity'] });
  const web = makePod('web');
  const relabelled: Pod = { ...web, metadata: { ...web.metadata, labels: { app: 'web' } } };
  queue.assignedPodUpdated(web, { ...web, status: { phase: 'Running' } });
  t.deepEqual(queued(queue).unschedulablePods, ['affinity']);
  queue.assignedPodUpdated(web, relabelled);
  t.deepEqual(queued(queue).backoffQ, ['affinity']);
});

test('popping counts attempts and records the first attempt time', async (t) => {
  const { clock, queue } = newQueue(t);
  clock.step(5000);
  queue.add(makePod('a'));
  clock.step(3000);
  const podInfo = (await queue.pop())!;
  t.is(podInfo.attempts, 1);
  t.is(podInfo.timestamp, 5000);
  t.is(podInfo.initialAttemptTimestamp, 8000);
  queue.moveAllToActiveOrBackoffQueue(NodeAdd);
  queue.addUnschedulableIfNotPresent(podInfo, queue.schedulingCycle());
  t.is(podInfo.timestamp, 8000, 'the backoff counts from the failure');
  clock.step(1000);
  const again = (await queue.pop())!;
  t.is(again.attempts, 2);
  t.is(again.initialAttemptTimestamp, 8000);
});
