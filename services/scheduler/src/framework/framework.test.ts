import test from 'ava';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { defaultPlugins, mergePlugins, withEveryPoint } from './config/defaults.js';
import type { PluginSet, Plugins, Profile } from './config/types.js';
import { CycleState } from './cycle-state.js';
import { Framework } from './framework.js';
import { PreFilterResult, type FilterPlugin, type NodeScore, type PreFilterPlugin, type ReservePlugin, type ScorePlugin } from './interface.js';
import type { NodeInfo } from './node-info.js';
import { Registry } from './registry.js';
import { Snapshot } from './snapshot.js';
import { Status } from './status.js';
import { fakeListers, recordingClient } from './testing/fake-handle.js';
import { makeNode, makePod } from './testing/objects.js';
import { inTreeRegistry } from '../plugins/registry.js';

/** A configurable plugin implementing every extension point, recording the calls it gets. */
class FakePlugin implements PreFilterPlugin, FilterPlugin, ScorePlugin, ReservePlugin {
  preFilterOutcome: Status | PreFilterResult = Status.success();
  filterStatus: (nodeInfo: NodeInfo) => Status = () => Status.success();
  rawScore: (nodeInfo: NodeInfo) => number | Status = () => 0;
  normalize?: (scores: NodeScore[]) => void;
  reserveStatus = Status.success();

  constructor(
    readonly name: string,
    private readonly calls: string[],
  ) {}

  preFilter(): Status | PreFilterResult {
    this.calls.push(`preFilter ${this.name}`);
    return this.preFilterOutcome;
  }

  filter(_state: CycleState, _pod: Pod, nodeInfo: NodeInfo): Status {
    this.calls.push(`filter ${this.name}`);
    return this.filterStatus(nodeInfo);
  }

  score(_state: CycleState, _pod: Pod, nodeInfo: NodeInfo): number | Status {
    return this.rawScore(nodeInfo);
  }

  normalizeScore(_state: CycleState, _pod: Pod, scores: NodeScore[]): Status {
    this.normalize?.(scores);
    return Status.success();
  }

  reserve(): Status {
    this.calls.push(`reserve ${this.name}`);
    return this.reserveStatus;
  }

  unreserve(): void {
    this.calls.push(`unreserve ${this.name}`);
  }

  bindStatus = Status.skip();

  async bind(): Promise<Status> {
    this.calls.push(`bind ${this.name}`);
    return this.bindStatus;
  }
}

/** A filter-only plugin: listing it at score is a configuration error. */
class FilterOnly implements FilterPlugin {
  readonly name = 'FilterOnly';
  filter(): Status {
    return Status.success();
  }
}

function setup(names: string[]) {
  const calls: string[] = [];
  const plugins = new Map(names.map((name) => [name, new FakePlugin(name, calls)]));
  const registry = new Registry();
  for (const [name, plugin] of plugins) registry.register({ name, factory: () => plugin });
  registry.register({ name: 'FilterOnly', factory: () => new FilterOnly() });
  const build = (sets: Partial<Record<keyof Plugins, Partial<PluginSet>>>) => {
    const profile: Profile = {
      schedulerName: 'test',
      plugins: withEveryPoint((point) => ({ enabled: sets[point]?.enabled ?? [], disabled: sets[point]?.disabled ?? [] })),
      pluginConfig: new Map(),
    };
    return new Framework(profile, registry, { listers: fakeListers(), client: recordingClient() });
  };
  return { calls, plugins, build };
}

const nodes = (...names: string[]) => Snapshot.fromNodesAndPods(names.map((name) => makeNode(name)), []).list();

test('multiPoint plugins run at every point they implement, before the point-specific ones; an override keeps its place first', (t) => {
  const { calls, build } = setup(['A', 'B', 'C']);
  const framework = build({ multiPoint: { enabled: [{ name: 'A' }, { name: 'B' }] }, filter: { enabled: [{ name: 'C' }, { name: 'B' }] } });
  framework.runFilterPlugins(new CycleState(), makePod('p'), nodes('n1')[0]);
  t.deepEqual(calls, ['filter B', 'filter A', 'filter C']);
});

test('a plugin disabled at one point still runs at the others; "*" drops multiPoint plugins from a point', (t) => {
  const { calls, build } = setup(['A', 'B']);
  const framework = build({ multiPoint: { enabled: [{ name: 'A' }, { name: 'B' }] }, filter: { disabled: [{ name: 'A' }] }, preFilter: { disabled: [{ name: '*' }] } });
  framework.runPreFilterPlugins(new CycleState(), makePod('p'), nodes('n1'));
  framework.runFilterPlugins(new CycleState(), makePod('p'), nodes('n1')[0]);
  t.deepEqual(calls, ['filter B']);
});

test("configuration errors are reported in kube-scheduler's words", (t) => {
  const { build } = setup(['A']);
  t.throws(() => build({ filter: { enabled: [{ name: 'Nope' }] } }), { message: 'FilterPlugin "Nope" does not exist' });
  t.throws(() => build({ score: { enabled: [{ name: 'FilterOnly' }] } }), { message: 'plugin "FilterOnly" does not extend ScorePlugin plugin' });
  t.throws(() => build({ filter: { enabled: [{ name: 'A' }, { name: 'A' }] } }), { message: 'plugin "A" already registered as "FilterPlugin"' });
  t.throws(() => build({ multiPoint: { enabled: [{ name: 'A' }, { name: 'A' }] } }), { message: 'plugin "A" already registered as "PreFilterPlugin"' });
});

test('a PreFilter Skip skips that plugin\'s Filter for the cycle', (t) => {
  const { calls, plugins, build } = setup(['A', 'B']);
  plugins.get('A')!.preFilterOutcome = Status.skip();
  const framework = build({ multiPoint: { enabled: [{ name: 'A' }, { name: 'B' }] } });
  const state = new CycleState();
  t.true(framework.runPreFilterPlugins(state, makePod('p'), nodes('n1')).status.isSuccess());
  framework.runFilterPlugins(state, makePod('p'), nodes('n1')[0]);
  t.deepEqual(calls, ['preFilter A', 'preFilter B', 'filter B']);
});

test('PreFilter: Unschedulable lets the rest run, UnschedulableAndUnresolvable stops, errors are wrapped', (t) => {
  const { calls, plugins, build } = setup(['A', 'B']);
  const framework = build({ multiPoint: { enabled: [{ name: 'A' }, { name: 'B' }] } });
  plugins.get('A')!.preFilterOutcome = Status.unschedulable('later');
  const soft = framework.runPreFilterPlugins(new CycleState(), makePod('p'), nodes('n1'));
  t.is(soft.status.code, 'Unschedulable');
  t.is(soft.status.plugin, 'A');
  t.deepEqual(calls.splice(0), ['preFilter A', 'preFilter B']);

  plugins.get('A')!.preFilterOutcome = Status.unresolvable('never');
  t.is(framework.runPreFilterPlugins(new CycleState(), makePod('p'), nodes('n1')).status.code, 'UnschedulableAndUnresolvable');
  t.deepEqual(calls.splice(0), ['preFilter A']);

  plugins.get('A')!.preFilterOutcome = Status.error('no state');
  t.is(framework.runPreFilterPlugins(new CycleState(), makePod('p'), nodes('n1')).status.message(), 'running PreFilter plugin "A": no state');
});

test('PreFilter node restrictions intersect; an empty intersection rejects the pod on every node', (t) => {
  const { plugins, build } = setup(['A', 'B']);
  const framework = build({ multiPoint: { enabled: [{ name: 'A' }, { name: 'B' }] } });
  plugins.get('A')!.preFilterOutcome = new PreFilterResult(new Set(['n1', 'n2']));
  plugins.get('B')!.preFilterOutcome = new PreFilterResult(new Set(['n2', 'n3']));
  const both = framework.runPreFilterPlugins(new CycleState(), makePod('p'), nodes('n1'));
  t.deepEqual([...(both.result?.nodeNames ?? [])], ['n2']);
  t.deepEqual(both.restrictedBy, ['A', 'B']);
  plugins.get('B')!.preFilterOutcome = new PreFilterResult(new Set(['n3']));
  const none = framework.runPreFilterPlugins(new CycleState(), makePod('p'), nodes('n1'));
  t.is(none.status.code, 'UnschedulableAndUnresolvable');
  t.is(none.status.message(), "node(s) didn't satisfy plugin(s) [A B] simultaneously");
});

test('Filter: the first rejecting plugin decides and is named; other codes become errors', (t) => {
  const { calls, plugins, build } = setup(['A', 'B']);
  const framework = build({ filter: { enabled: [{ name: 'A' }, { name: 'B' }] } });
  plugins.get('A')!.filterStatus = () => Status.unschedulable('Insufficient cpu');
  const status = framework.runFilterPlugins(new CycleState(), makePod('p'), nodes('n1')[0]);
  t.is(status.plugin, 'A');
  t.deepEqual(status.reasons, ['Insufficient cpu']);
  t.deepEqual(calls, ['filter A']);
  plugins.get('A')!.filterStatus = () => Status.skip();
  t.is(framework.runFilterPlugins(new CycleState(), makePod('p'), nodes('n1')[0]).message(), 'running "A" filter plugin: ');
});

test('scores are normalized, multiplied by their weight (score point first, then multiPoint, default 1) and summed', (t) => {
  const { plugins, build } = setup(['A', 'B', 'C']);
  plugins.get('A')!.rawScore = (info) => (info.name === 'n1' ? 10 : 5);
  plugins.get('A')!.normalize = (scores) => scores.forEach((entry) => (entry.score *= 10));
  plugins.get('B')!.rawScore = (info) => (info.name === 'n1' ? 0 : 20);
  plugins.get('C')!.rawScore = () => 1;
  const framework = build({ multiPoint: { enabled: [{ name: 'A', weight: 3 }, { name: 'B', weight: 5 }, { name: 'C' }] }, score: { enabled: [{ name: 'B', weight: 2 }] } });
  const scores = framework.runScorePlugins(new CycleState(), makePod('p'), nodes('n1', 'n2'));
  if (scores instanceof Status) return t.fail(scores.message());
  t.deepEqual(
    scores.map(({ name, totalScore }) => [name, totalScore]),
    [
      ['n1', 300 + 0 + 1],
      ['n2', 150 + 40 + 1],
    ],
  );
});

test('a PreScore Skip drops that Score; a score outside 0..100 after normalizing is an error', (t) => {
  const { plugins, build } = setup(['A']);
  const framework = build({ score: { enabled: [{ name: 'A' }] } });
  plugins.get('A')!.rawScore = () => 101;
  const error = framework.runScorePlugins(new CycleState(), makePod('p'), nodes('n1'));
  t.true(error instanceof Status);
  t.is(
    (error as Status).message(),
    'applying score defaultWeights on Score plugins: plugin "A" returns an invalid score 101, it should in the range of [0, 100] after normalizing',
  );
  const state = new CycleState();
  state.skipScorePlugins.add('A');
  t.deepEqual(framework.runScorePlugins(state, makePod('p'), nodes('n1')), [{ name: 'n1', scores: [], totalScore: 0 }]);
});

test('Reserve stops at the first failure; Unreserve runs every plugin in reverse', (t) => {
  const { calls, plugins, build } = setup(['A', 'B']);
  const framework = build({ reserve: { enabled: [{ name: 'A' }, { name: 'B' }] } });
  plugins.get('A')!.reserveStatus = Status.error('volume gone');
  t.is(framework.runReservePluginsReserve(new CycleState(), makePod('p'), 'n1').message(), 'running Reserve plugin "A": volume gone');
  framework.runReservePluginsUnreserve(new CycleState(), makePod('p'), 'n1');
  t.deepEqual(calls, ['reserve A', 'unreserve B', 'unreserve A']);
});

test('Bind: skipping plugins hand over to the next; the first to bind or fail decides; all skipping is Skip', async (t) => {
  const { calls, plugins, build } = setup(['A', 'B', 'C']);
  const framework = build({ bind: { enabled: [{ name: 'A' }, { name: 'B' }, { name: 'C' }] } });
  plugins.get('B')!.bindStatus = Status.success();
  t.true((await framework.runBindPlugins(new CycleState(), makePod('p'), 'n1')).isSuccess());
  t.deepEqual(calls, ['bind A', 'bind B']);
  plugins.get('B')!.bindStatus = Status.error('refused');
  t.like(await framework.runBindPlugins(new CycleState(), makePod('p'), 'n1'), { code: 'Error', plugin: 'B' });
  plugins.get('B')!.bindStatus = Status.skip();
  t.true((await framework.runBindPlugins(new CycleState(), makePod('p'), 'n1')).isSkip());
});

test('the default profile builds from the in-tree registry with kube-scheduler\'s weights and events', (t) => {
  const framework = new Framework({ schedulerName: 'default-scheduler', plugins: defaultPlugins(), pluginConfig: new Map() }, inTreeRegistry(), { listers: fakeListers(), client: recordingClient() });
  t.true(framework.hasFilterPlugins());
  t.true(framework.hasScorePlugins());
  t.deepEqual([...framework.eventsToRegister().keys()].sort(), ['InterPodAffinity', 'NodeAffinity', 'NodeName', 'NodePorts', 'NodeResourcesFit', 'NodeUnschedulable', 'PodTopologySpread', 'TaintToleration']);
  const merged = mergePlugins(defaultPlugins(), withEveryPoint((point) => (point === 'score' ? { enabled: [], disabled: [{ name: 'SelectorSpread' }] } : { enabled: [], disabled: [] })));
  t.notThrows(() => new Framework({ schedulerName: 'x', plugins: merged, pluginConfig: new Map() }, inTreeRegistry(), { listers: fakeListers(), client: recordingClient() }));
});
