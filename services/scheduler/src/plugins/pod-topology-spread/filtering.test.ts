import test from 'ava';
import type { Node, Pod, TopologySpreadConstraint } from 'kubernetes-types/core/v1.js';
import { Snapshot } from '../../framework/snapshot.js';
import { Status } from '../../framework/status.js';
import { fakeHandle } from '../../framework/testing/fake-handle.js';
import { runFilter } from '../../framework/testing/run-plugin.js';
import { makeNode, makePod, type PodOptions } from '../../framework/testing/objects.js';
import { ERR_REASON_CONSTRAINTS_NOT_MATCH, ERR_REASON_NODE_LABEL_NOT_MATCH } from './filtering.js';
import { PodTopologySpreadPlugin } from './plugin.js';

const ZONE = 'topology.kubernetes.io/zone';
const zoned = (name: string, zone: string, extra: Record<string, string> = {}) => makeNode(name, { labels: { [ZONE]: zone, ...extra } });
const web = (name: string, nodeName?: string, options: PodOptions = {}) => makePod(name, { labels: { app: 'web' }, nodeName, ...options });

function constraint(extra: Partial<TopologySpreadConstraint> = {}): TopologySpreadConstraint {
  return { maxSkew: 1, topologyKey: ZONE, whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'web' } }, ...extra };
}

function filter(incoming: Pod, nodes: Node[], pods: Pod[]): Map<string, Status> {
  const snapshot = Snapshot.fromNodesAndPods(nodes, pods);
  return runFilter(new PodTopologySpreadPlugin(fakeHandle(snapshot)), incoming, snapshot);
}

const passing = (statuses: Map<string, Status>) => [...statuses].filter(([, status]) => status.isSuccess()).map(([node]) => node).sort();
const spreading = (constraints: TopologySpreadConstraint[], options: PodOptions = {}) => web('new', undefined, { ...options, spec: { topologySpreadConstraints: constraints, ...options.spec } });

const THREE_ZONES = [zoned('a1', 'a'), zoned('b1', 'b'), zoned('c1', 'c')];
const PODS_2_2_1 = [web('w1', 'a1'), web('w2', 'a1'), web('w3', 'b1'), web('w4', 'b1'), web('w5', 'c1')];

test('skew = matching pods in the domain + 1 − the global minimum must not exceed maxSkew', (t) => {
  const statuses = filter(spreading([constraint()]), THREE_ZONES, PODS_2_2_1);
  t.deepEqual(passing(statuses), ['c1']);
  t.is(statuses.get('a1')?.toString(), `Unschedulable: ${ERR_REASON_CONSTRAINTS_NOT_MATCH}`);
  t.deepEqual(passing(filter(spreading([constraint({ maxSkew: 2 })]), THREE_ZONES, PODS_2_2_1)), ['a1', 'b1', 'c1']);
});

test('a pod its own selector does not match adds nothing to the skew', (t) => {
  const other = makePod('new', { labels: { app: 'other' }, spec: { topologySpreadConstraints: [constraint()] } });
  t.deepEqual(passing(filter(other, THREE_ZONES, PODS_2_2_1)), ['a1', 'b1', 'c1']);
});

test('a node without the topology key is unresolvable', (t) => {
  const statuses = filter(spreading([constraint()]), [...THREE_ZONES, makeNode('bare')], PODS_2_2_1);
  t.is(statuses.get('bare')?.toString(), `UnschedulableAndUnresolvable: ${ERR_REASON_NODE_LABEL_NOT_MATCH}`);
});

test('with fewer domains than minDomains the global minimum is 0', (t) => {
  const twoZones = [zoned('a1', 'a'), zoned('b1', 'b')];
  const pods = [web('w1', 'a1'), web('w2', 'b1')];
  t.deepEqual(passing(filter(spreading([constraint()]), twoZones, pods)), ['a1', 'b1']);
  t.deepEqual(passing(filter(spreading([constraint({ minDomains: 3 })]), twoZones, pods)), [], 'a third zone is needed first');
});

test('nodeAffinityPolicy Honor (default): only nodes the pod may go to are domains', (t) => {
  const nodes = [zoned('a1', 'a', { tier: 'good' }), zoned('b1', 'b', { tier: 'good' }), zoned('c1', 'c')];
  const pods = [web('w1', 'a1'), web('w2', 'b1'), web('w3', 'b1')];
  const honor = filter(spreading([constraint()], { spec: { nodeSelector: { tier: 'good' } } }), nodes, pods);
  // Zone c is no domain, so the minimum is 1 (c1 itself passes here; NodeAffinity keeps the pod out).
  t.deepEqual(passing(honor), ['a1', 'c1']);
  const ignore = filter(spreading([constraint({ nodeAffinityPolicy: 'Ignore' })], { spec: { nodeSelector: { tier: 'good' } } }), nodes, pods);
  t.deepEqual(passing(ignore), ['c1'], 'zone c counts with 0 pods');
});

test('nodeTaintsPolicy Ignore (default) counts tainted nodes as domains; Honor leaves out those the pod does not tolerate', (t) => {
  const nodes = [zoned('a1', 'a'), zoned('b1', 'b'), makeNode('c1', { labels: { [ZONE]: 'c' }, spec: { taints: [{ key: 'dedicated', effect: 'NoSchedule' }] } })];
  const pods = [web('w1', 'a1'), web('w2', 'b1')];
  t.deepEqual(passing(filter(spreading([constraint()]), nodes, pods)), ['c1'], 'c1 passes this filter; TaintToleration keeps the pod out');
  t.deepEqual(passing(filter(spreading([constraint({ nodeTaintsPolicy: 'Honor' })]), nodes, pods)), ['a1', 'b1', 'c1']);
});

test('only pods of the same namespace that are not being deleted count', (t) => {
  const pods = [web('w1', 'a1'), web('w2', 'a1', { namespace: 'other' }), { ...web('w3', 'b1'), metadata: { ...web('w3', 'b1').metadata, deletionTimestamp: '2024-01-01T00:00:00Z' } }];
  t.deepEqual(passing(filter(spreading([constraint()]), THREE_ZONES.slice(0, 2), pods)), ['b1']);
});

test("matchLabelKeys narrow the selector to pods sharing the incoming pod's values", (t) => {
  const revision = (name: string, hash: string, options: PodOptions = {}) => makePod(name, { labels: { app: 'web', hash }, ...options });
  const pods = [revision('old1', 'v1', { nodeName: 'a1' }), revision('old2', 'v1', { nodeName: 'a1' }), revision('new1', 'v2', { nodeName: 'b1' })];
  const incoming = revision('new2', 'v2', { spec: { topologySpreadConstraints: [constraint({ matchLabelKeys: ['hash'] })] } });
  t.deepEqual(passing(filter(incoming, THREE_ZONES.slice(0, 2), pods)), ['a1'], 'the v1 pods do not count');
});

test('constraints are ANDed, and pods without DoNotSchedule constraints skip the filter', (t) => {
  const nodes = [zoned('a1', 'a'), zoned('a2', 'a'), zoned('b1', 'b')];
  const both = [constraint(), constraint({ topologyKey: 'kubernetes.io/hostname' })];
  t.deepEqual(passing(filter(spreading(both), nodes, [web('w1', 'a1')])), ['b1']);
  const soft = filter(spreading([constraint({ whenUnsatisfiable: 'ScheduleAnyway' })]), nodes, []);
  t.true([...soft.values()].every((status) => status instanceof Status && status.isSkip()));
});
