import test from 'ava';
import type { Node, Pod, TopologySpreadConstraint } from 'kubernetes-types/core/v1.js';
import { Snapshot } from '../../framework/snapshot.js';
import { Status } from '../../framework/status.js';
import { fakeHandle } from '../../framework/testing/fake-handle.js';
import { runScore } from '../../framework/testing/run-plugin.js';
import { makeNode, makePod } from '../../framework/testing/objects.js';
import { PodTopologySpreadPlugin } from './plugin.js';

const ZONE = 'topology.kubernetes.io/zone';
const zoned = (name: string, zone: string) => makeNode(name, { labels: { [ZONE]: zone } });
const web = (name: string, nodeName: string) => makePod(name, { labels: { app: 'web' }, nodeName });
const soft = (topologyKey: string, maxSkew = 1): TopologySpreadConstraint => ({ maxSkew, topologyKey, whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { app: 'web' } } });

function scores(constraints: TopologySpreadConstraint[], nodes: Node[], pods: Pod[], feasible?: string[]): Record<string, number> | Status {
  const snapshot = Snapshot.fromNodesAndPods(nodes, pods);
  const incoming = makePod('new', { labels: { app: 'web' }, spec: { topologySpreadConstraints: constraints } });
  const outcome = runScore(new PodTopologySpreadPlugin(fakeHandle(snapshot)), incoming, snapshot, feasible);
  return outcome instanceof Status ? outcome : Object.fromEntries(outcome);
}

const THREE_ZONES = [zoned('a1', 'a'), zoned('b1', 'b'), zoned('c1', 'c')];

test('fewer matching pods in the zone score higher', (t) => {
  // Raw: round(count × ln(3 + 2)) = 3, 2, 0; normalized 100 × (3 + 0 − raw) / 3.
  t.deepEqual(scores([soft(ZONE)], THREE_ZONES, [web('w1', 'a1'), web('w2', 'a1'), web('w3', 'b1')]), { a1: 0, b1: 33, c1: 100 });
});

test('a larger maxSkew waters the differences down', (t) => {
  t.deepEqual(scores([soft(ZONE, 3)], THREE_ZONES, [web('w1', 'a1'), web('w2', 'a1'), web('w3', 'b1')]), { a1: 40, b1: 60, c1: 100 });
});

test('per-node spreading counts the pods of each node; all-even nodes all get 100', (t) => {
  const nodes = [zoned('a1', 'a'), zoned('a2', 'a')];
  t.deepEqual(scores([soft('kubernetes.io/hostname')], nodes, [web('w1', 'a1')]), { a1: 0, a2: 100 });
  t.deepEqual(scores([soft('kubernetes.io/hostname')], nodes, []), { a1: 100, a2: 100 });
});

test('nodes without the topology key get 0; domains come only from the feasible nodes', (t) => {
  t.deepEqual(scores([soft(ZONE)], [...THREE_ZONES, makeNode('bare')], [web('w1', 'a1')]), { a1: 0, b1: 100, c1: 100, bare: 0 });
  // Zone c is not feasible: its pods are not counted and it is not scored.
  t.deepEqual(scores([soft(ZONE)], THREE_ZONES, [web('w1', 'a1'), web('w2', 'c1'), web('w3', 'c1')], ['a1', 'b1']), { a1: 0, b1: 100 });
});

test('pods without ScheduleAnyway constraints are not scored', (t) => {
  const outcome = scores([{ ...soft(ZONE), whenUnsatisfiable: 'DoNotSchedule' }], THREE_ZONES, []);
  t.true(outcome instanceof Status && outcome.isSkip());
});
