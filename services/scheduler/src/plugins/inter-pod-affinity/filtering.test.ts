import test from 'ava';
import type { Namespace, Node, Pod } from 'kubernetes-types/core/v1.js';
import { Snapshot } from '../../framework/snapshot.js';
import type { Status } from '../../framework/status.js';
import { fakeHandle } from '../../framework/testing/fake-handle.js';
import { runFilter } from '../../framework/testing/run-plugin.js';
import { interPodAffinityArgs } from './args.js';
import { ERR_REASON_AFFINITY_RULES_NOT_MATCH, ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH, ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH } from './filtering.js';
import { InterPodAffinityPlugin } from './plugin.js';
import { HOSTNAME, pod, term, ZONE, zonedNode } from './test-pods.js';

const NODES: Node[] = [zonedNode('a1', 'a'), zonedNode('a2', 'a'), zonedNode('b1', 'b'), zonedNode('bare')];

function filter(incoming: Pod, existing: Pod[], namespaces: Namespace[] = []): Map<string, Status> {
  const snapshot = Snapshot.fromNodesAndPods(NODES, existing);
  return runFilter(new InterPodAffinityPlugin(interPodAffinityArgs.defaults(), fakeHandle(snapshot, { namespaces })), incoming, snapshot);
}

const passing = (statuses: Map<string, Status>) => [...statuses].filter(([, status]) => status.isSuccess()).map(([node]) => node).sort();

test('required affinity: only nodes in a domain holding a matching pod, and only nodes with the topology label', (t) => {
  const web = pod('web', { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'db' }, ZONE)] } } });
  const statuses = filter(web, [pod('db', { labels: { app: 'db' }, nodeName: 'a1' })]);
  t.deepEqual(passing(statuses), ['a1', 'a2']);
  t.is(statuses.get('b1')?.toString(), `UnschedulableAndUnresolvable: ${ERR_REASON_AFFINITY_RULES_NOT_MATCH}`);
  t.false(statuses.get('bare')?.isSuccess());
});

test('the first pod of a group with affinity to itself may go to any node with the topology label', (t) => {
  const affinity = { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'web' }, ZONE)] } };
  t.deepEqual(passing(filter(pod('web-0', { labels: { app: 'web' }, affinity }), [])), ['a1', 'a2', 'b1']);
  t.deepEqual(passing(filter(pod('web-1', { labels: { app: 'web' }, affinity }), [pod('web-0', { labels: { app: 'web' }, nodeName: 'b1' })])), ['b1'], 'once one exists, the group follows it');
  t.deepEqual(passing(filter(pod('other', { labels: { app: 'other' }, affinity }), [])), [], 'a pod not matching its own terms gets no exception');
});

test('required anti-affinity keeps the pod out of domains holding a matching pod, as Unschedulable', (t) => {
  const web = pod('web-1', { labels: { app: 'web' }, affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'web' }, HOSTNAME)] } } });
  const statuses = filter(web, [pod('web-0', { labels: { app: 'web' }, nodeName: 'a1' })]);
  t.deepEqual(passing(statuses), ['a2', 'b1', 'bare']);
  t.is(statuses.get('a1')?.toString(), `Unschedulable: ${ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH}`);
  const byZone = pod('web-1', { labels: { app: 'web' }, affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'web' }, ZONE)] } } });
  t.deepEqual(passing(filter(byZone, [pod('web-0', { labels: { app: 'web' }, nodeName: 'a1' })])), ['b1', 'bare']);
});

test("anti-affinity is symmetric: an existing pod's required anti-affinity keeps out a pod without any affinity", (t) => {
  const guard = pod('guard', { nodeName: 'a1', affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'web' }, ZONE)] } } });
  const statuses = filter(pod('web', { labels: { app: 'web' } }), [guard]);
  t.deepEqual(passing(statuses), ['b1', 'bare']);
  t.is(statuses.get('a2')?.toString(), `Unschedulable: ${ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH}`);
  t.true(filter(pod('db', { labels: { app: 'db' } }), [guard]).get('a1')?.isSkip(), 'a pod the guard does not select is not concerned');
});

test("terms cover the pod's own namespace unless they list namespaces or select them by label", (t) => {
  const db = pod('db', { labels: { app: 'db' }, namespace: 'data', nodeName: 'b1' });
  const needing = (extra: object) => pod('web', { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'db' }, ZONE, extra)] } } });
  t.deepEqual(passing(filter(needing({}), [db])), [], 'the db pod is in another namespace');
  t.deepEqual(passing(filter(needing({ namespaces: ['data'] }), [db])), ['b1']);
  const namespaces: Namespace[] = [{ metadata: { name: 'data', labels: { tier: 'storage' } } }, { metadata: { name: 'default' } }];
  t.deepEqual(passing(filter(needing({ namespaceSelector: { matchLabels: { tier: 'storage' } } }), [db], namespaces)), ['b1']);
  t.deepEqual(passing(filter(needing({ namespaceSelector: {} }), [db], namespaces)), ['b1'], 'an empty namespaceSelector selects all namespaces');
});

test("an existing pod's namespaceSelector is matched against the incoming pod's namespace labels", (t) => {
  const guard = pod('guard', { nodeName: 'a1', affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'web' }, HOSTNAME, { namespaceSelector: { matchLabels: { env: 'prod' } } })] } } });
  const namespaces: Namespace[] = [{ metadata: { name: 'prod', labels: { env: 'prod' } } }, { metadata: { name: 'dev', labels: { env: 'dev' } } }];
  t.false(filter(pod('web', { labels: { app: 'web' }, namespace: 'prod' }), [guard], namespaces).get('a1')?.isSuccess());
  t.true(filter(pod('web', { labels: { app: 'web' }, namespace: 'dev' }), [guard], namespaces).get('a1')?.isSkip());
});
