import test from 'ava';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { defaultKubeSchedulerConfiguration } from './config/load.js';
import { defaultPlugins, withEveryPoint } from './config/defaults.js';
import { CycleState } from './cycle-state.js';
import { FitError } from './fit-error.js';
import { Framework } from './framework.js';
import type { FilterPlugin, ScorePlugin } from './interface.js';
import type { NodeInfo } from './node-info.js';
import { newProfiles } from './profiles.js';
import { Registry } from './registry.js';
import { NO_NODES_AVAILABLE, SchedulingAlgorithm, type ScheduleResult } from './schedule-pod.js';
import { Snapshot } from './snapshot.js';
import { Status } from './status.js';
import { fakeListers, recordingClient } from './testing/fake-handle.js';
import { makeNode, makePod } from './testing/objects.js';
import { inTreeRegistry } from '../plugins/registry.js';

const CONTROL_PLANE = { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' };

function defaultFramework(): Framework {
  const framework = newProfiles(defaultKubeSchedulerConfiguration(), inTreeRegistry(), fakeListers(), recordingClient()).get('default-scheduler');
  if (framework === undefined) throw new Error('no default profile');
  return framework;
}

function schedule(pod: Pod, nodes: Node[], pods: Pod[] = [], algorithm = new SchedulingAlgorithm(() => 0)) {
  return algorithm.schedulePod(defaultFramework(), new CycleState(), pod, Snapshot.fromNodesAndPods(nodes, pods));
}

function host(outcome: ScheduleResult | FitError | Status): string {
  if (outcome instanceof FitError) throw new Error(outcome.message());
  if (outcome instanceof Status) throw outcome.asError();
  return outcome.suggestedHost;
}

test("an unschedulable pod gets kube-scheduler's FailedScheduling message", (t) => {
  const nodes = [makeNode('worker', { allocatable: { cpu: '1', memory: '1Gi', pods: '10' } }), makeNode('cp1', { spec: { taints: [CONTROL_PLANE] } }), makeNode('cp2', { spec: { taints: [CONTROL_PLANE] } })];
  const outcome = schedule(makePod('big', { requests: { cpu: '2' } }), nodes);
  t.true(outcome instanceof FitError);
  t.is((outcome as FitError).message(), '0/3 nodes are available: 1 Insufficient cpu, 2 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }.');
  t.deepEqual([...(outcome as FitError).diagnosis.unschedulablePlugins].sort(), ['NodeResourcesFit', 'TaintToleration']);
});

test('the pod goes to the least allocated node by default', (t) => {
  const nodes = [makeNode('busy'), makeNode('idle'), makeNode('half')];
  const pods = [makePod('a', { nodeName: 'busy', requests: { cpu: '3', memory: '6Gi' } }), makePod('b', { nodeName: 'half', requests: { cpu: '2', memory: '4Gi' } })];
  t.is(host(schedule(makePod('new', { requests: { cpu: '500m', memory: '1Gi' } }), nodes, pods)), 'idle');
});

test('a single feasible node is chosen without scoring', (t) => {
  const outcome = schedule(makePod('p', { spec: { nodeName: 'n2' } }), [makeNode('n1'), makeNode('n2'), makeNode('n3')]);
  t.deepEqual(outcome, { suggestedHost: 'n2', evaluatedNodes: 3, feasibleNodes: 1 });
});

test('a PreFilter rejection is the whole message: required node names that exclude each other', (t) => {
  const nameIn = (name: string) => ({ matchFields: [{ key: 'metadata.name', operator: 'In', values: [name] }] });
  const pod = makePod('p', {
    spec: { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [...nameIn('n1').matchFields, ...nameIn('n2').matchFields] }] } } } },
  });
  const outcome = schedule(pod, [makeNode('n1'), makeNode('n2')]);
  t.is((outcome as FitError).message(), '0/2 nodes are available: pod affinity terms conflict.');
});

test('nodes a PreFilter excludes by name count as not satisfying it', (t) => {
  const pod = makePod('p', {
    requests: { cpu: '8' },
    spec: { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1'] }] }] } } } },
  });
  const outcome = schedule(pod, [makeNode('n1'), makeNode('n2'), makeNode('n3')]);
  t.is((outcome as FitError).message(), "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn't satisfy plugin(s) [NodeAffinity].");
});

test('no nodes at all is an error, not a fit error', (t) => {
  const outcome = schedule(makePod('p'), []);
  t.true(outcome instanceof Status);
  t.is((outcome as Status).message(), NO_NODES_AVAILABLE);
});

/** A profile with one filter that records the nodes it sees and one neutral score plugin. */
function recordingFramework(seen: string[], percentageOfNodesToScore = 0): Framework {
  const registry = new Registry();
  const recorder: FilterPlugin & ScorePlugin = {
    name: 'Recorder',
    filter: (_state, _pod, nodeInfo: NodeInfo) => {
      seen.push(nodeInfo.name);
      return Status.success();
    },
    score: () => 0,
  };
  registry.register({ name: 'Recorder', factory: () => recorder });
  const plugins = withEveryPoint((point) => (point === 'multiPoint' ? { enabled: [{ name: 'Recorder' }], disabled: [] } : { enabled: [], disabled: [] }));
  return new Framework({ schedulerName: 'rec', plugins, pluginConfig: new Map(), percentageOfNodesToScore }, registry, { listers: fakeListers(), client: recordingClient() });
}

const manyNodes = (count: number) => Snapshot.fromNodesAndPods(Array.from({ length: count }, (_, i) => makeNode(`n${i}`)), []);

test('in big clusters Filter stops after the sample size, and the next pod starts where it stopped', (t) => {
  for (const [count, expected] of [
    [100, 100],
    [1000, 420],
    [5000, 500],
  ]) {
    const seen: string[] = [];
    const framework = recordingFramework(seen);
    const algorithm = new SchedulingAlgorithm(() => 0);
    const snapshot = manyNodes(count);
    const first = algorithm.schedulePod(framework, new CycleState(), makePod('a'), snapshot) as ScheduleResult;
    t.is(first.feasibleNodes, expected, `${count} nodes`);
    t.is(first.evaluatedNodes, expected);
    t.is(seen.length, expected);
    seen.length = 0;
    algorithm.schedulePod(framework, new CycleState(), makePod('b'), snapshot);
    t.is(seen[0], `n${expected % count}`, 'the second pod starts after the first sample');
  }
});

test("a profile's percentageOfNodesToScore replaces the adaptive one", (t) => {
  const seen: string[] = [];
  const outcome = new SchedulingAlgorithm().schedulePod(recordingFramework(seen, 50), new CycleState(), makePod('a'), manyNodes(1000)) as ScheduleResult;
  t.is(outcome.feasibleNodes, 500);
});

test('rejected nodes do not count toward the sample: Filter goes on until enough nodes fit', (t) => {
  const nodes = Array.from({ length: 300 }, (_, i) => makeNode(`n${i}`, i % 2 === 0 ? { spec: { unschedulable: true } } : {}));
  const outcome = new SchedulingAlgorithm(() => 0).schedulePod(defaultFramework(), new CycleState(), makePod('p'), Snapshot.fromNodesAndPods(nodes, []));
  // 48% of 300 is 144 fitting nodes: the odd ones up to n287, found after looking at n0..n287.
  t.like(outcome, { feasibleNodes: 144, evaluatedNodes: 288 });
});

test('profiles are found by scheduler name; the profile is named in build errors', (t) => {
  const config = { percentageOfNodesToScore: 0, profiles: [{ schedulerName: 'broken', plugins: { ...defaultPlugins(), filter: { enabled: [{ name: 'Nope' }], disabled: [] } }, pluginConfig: new Map() }] };
  t.throws(() => newProfiles(config, inTreeRegistry(), fakeListers(), recordingClient()), { message: 'initializing profiles: creating profile for scheduler name broken: FilterPlugin "Nope" does not exist' });
});
