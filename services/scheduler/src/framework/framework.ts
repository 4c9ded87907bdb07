// One profile's plugins, built from its configuration and run extension point by extension
// point (runtime.frameworkImpl): which plugins run where and in what order, how their statuses
// combine, score weights and normalization.
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { Profile, PluginSet } from './config/types.js';
import type { CycleState } from './cycle-state.js';
import type { ClusterEvent } from './events.js';
import {
  isBindPlugin,
  isEnqueueExtensions,
  isFilterPlugin,
  isPreFilterPlugin,
  isPreScorePlugin,
  isReservePlugin,
  isScorePlugin,
  MAX_NODE_SCORE,
  MIN_NODE_SCORE,
  PreFilterResult,
  type BindingClient,
  type BindPlugin,
  type ClusterListers,
  type FilterPlugin,
  type Handle,
  type NodeScore,
  type Plugin,
  type PreFilterPlugin,
  type PreScorePlugin,
  type ReservePlugin,
  type ScorePlugin,
} from './interface.js';
import type { NodeInfo } from './node-info.js';
import type { Registry } from './registry.js';
import type { NodePluginScores } from './select-host.js';
import { Snapshot } from './snapshot.js';
import { Status } from './status.js';

export interface FrameworkOptions {
  readonly listers: ClusterListers;
  /** What bind plugins write with. */
  readonly client: BindingClient;
  /** The configuration-wide percentageOfNodesToScore, used when the profile sets none. */
  readonly percentageOfNodesToScore?: number;
}

/** What the PreFilter plugins decided together. */
export interface PreFilterOutcome {
  /** Success, or the first rejection or error. */
  readonly status: Status;
  /** Set when plugins narrowed the nodes worth filtering. */
  readonly result?: PreFilterResult;
  /** The plugins that narrowed them: the nodes they ruled out count as rejected by them. */
  readonly restrictedBy: readonly string[];
}

/** An extension point: its plugin type's name in Kubernetes' errors, and which plugins qualify. */
interface ExtensionPoint<P extends Plugin> {
  readonly typeName: string;
  readonly implementedBy: (plugin: Plugin) => plugin is P;
}

const PRE_FILTER: ExtensionPoint<PreFilterPlugin> = { typeName: 'PreFilterPlugin', implementedBy: isPreFilterPlugin };
const FILTER: ExtensionPoint<FilterPlugin> = { typeName: 'FilterPlugin', implementedBy: isFilterPlugin };
const RESERVE: ExtensionPoint<ReservePlugin> = { typeName: 'ReservePlugin', implementedBy: isReservePlugin };
const PRE_SCORE: ExtensionPoint<PreScorePlugin> = { typeName: 'PreScorePlugin', implementedBy: isPreScorePlugin };
const SCORE: ExtensionPoint<ScorePlugin> = { typeName: 'ScorePlugin', implementedBy: isScorePlugin };
const BIND: ExtensionPoint<BindPlugin> = { typeName: 'BindPlugin', implementedBy: isBindPlugin };

export class Framework {
  private snapshot = new Snapshot([]);
  readonly handle: Handle;
  private readonly plugins = new Map<string, Plugin>();
  private readonly preFilterPlugins: PreFilterPlugin[];
  private readonly filterPlugins: FilterPlugin[];
  private readonly reservePlugins: ReservePlugin[];
  private readonly preScorePlugins: PreScorePlugin[];
  private readonly scorePlugins: ScorePlugin[];
  private readonly bindPlugins: BindPlugin[];
  private readonly scoreWeights = new Map<string, number>();
  readonly profileName: string;
  /** The profile's percentageOfNodesToScore, else the configuration's; 0 means adaptive. */
  readonly percentageOfNodesToScore: number;

  /** NewFramework; throws when the profile names a plugin that does not exist or cannot serve where it is listed. */
  constructor(profile: Profile, registry: Registry, options: FrameworkOptions) {
    this.profileName = profile.schedulerName;
    this.percentageOfNodesToScore = profile.percentageOfNodesToScore ?? options.percentageOfNodesToScore ?? 0;
    this.handle = { snapshot: () => this.snapshot, listers: options.listers, client: options.client };
    this.instantiate(profile, registry);
    const { plugins } = profile;
    this.preFilterPlugins = this.pluginsFor(PRE_FILTER, plugins.preFilter, plugins.multiPoint);
    this.filterPlugins = this.pluginsFor(FILTER, plugins.filter, plugins.multiPoint);
    this.reservePlugins = this.pluginsFor(RESERVE, plugins.reserve, plugins.multiPoint);
    this.preScorePlugins = this.pluginsFor(PRE_SCORE, plugins.preScore, plugins.multiPoint);
    this.scorePlugins = this.pluginsFor(SCORE, plugins.score, plugins.multiPoint);
    this.bindPlugins = this.pluginsFor(BIND, plugins.bind, plugins.multiPoint);
    // A weight set at the score point wins over multiPoint's; 0 or none means 1.
    for (const ref of [...plugins.score.enabled, ...plugins.multiPoint.enabled]) {
      if (!this.scoreWeights.has(ref.name)) this.scoreWeights.set(ref.name, ref.weight || 1);
    }
  }

  /** Builds each plugin the profile mentions once, with its pluginConfig args or its defaults. */
  private instantiate(profile: Profile, registry: Registry): void {
    const sets = [profile.plugins.multiPoint, profile.plugins.preFilter, profile.plugins.filter, profile.plugins.reserve, profile.plugins.preScore, profile.plugins.score, profile.plugins.bind];
    for (const { name } of sets.flatMap((set) => set.enabled)) {
      const registration = registry.get(name);
      if (registration === undefined || this.plugins.has(name)) continue;
      const args = profile.pluginConfig.has(name) ? profile.pluginConfig.get(name) : registration.args?.defaults();
      this.plugins.set(name, registration.factory(args, this.handle));
    }
  }

  /**
   * The plugins of one extension point (updatePluginList, then expandMultiPointPlugins): first
   * those the point lists that multiPoint also enables, in the point's order; then multiPoint's
   * own, unless disabled here; then the point's other plugins.
   */
  private pluginsFor<P extends Plugin>(point: ExtensionPoint<P>, set: PluginSet, multiPoint: PluginSet): P[] {
    const listed = new Set<string>();
    for (const { name } of set.enabled) {
      const plugin = this.plugins.get(name);
      if (plugin === undefined) throw new Error(`${point.typeName} "${name}" does not exist`);
      if (!point.implementedBy(plugin)) throw new Error(`plugin "${name}" does not extend ${point.typeName} plugin`);
      if (listed.has(name)) throw new Error(`plugin "${name}" already registered as "${point.typeName}"`);
      listed.add(name);
    }
    const disabled = new Set(set.disabled.map(({ name }) => name));
    if (disabled.has('*')) return [...listed].map((name) => this.plugins.get(name) as P);
    const fromMultiPoint: string[] = [];
    const overridden = new Set<string>();
    for (const { name } of multiPoint.enabled) {
      const plugin = this.plugins.get(name);
      if (plugin === undefined) throw new Error(`${point.typeName} "${name}" does not exist`);
      if (!point.implementedBy(plugin) || disabled.has(name)) continue;
      if (listed.has(name)) overridden.add(name);
      else if (fromMultiPoint.includes(name)) throw new Error(`plugin "${name}" already registered as "${point.typeName}"`);
      else fromMultiPoint.push(name);
    }
    const order = [...[...listed].filter((name) => overridden.has(name)), ...fromMultiPoint, ...[...listed].filter((name) => !overridden.has(name))];
    return order.map((name) => this.plugins.get(name) as P);
  }

  /** The snapshot plugins read through the handle, from now until the next cycle. */
  useSnapshot(snapshot: Snapshot): void {
    this.snapshot = snapshot;
  }

  hasFilterPlugins(): boolean {
    return this.filterPlugins.length > 0;
  }

  hasScorePlugins(): boolean {
    return this.scorePlugins.length > 0;
  }

  /** Plugin name → the events that may make a pod it rejected schedulable (for the scheduling queue). */
  eventsToRegister(): ReadonlyMap<string, readonly ClusterEvent[]> {
    const events = new Map<string, readonly ClusterEvent[]>();
    for (const plugin of this.plugins.values()) if (isEnqueueExtensions(plugin)) events.set(plugin.name, plugin.eventsToRegister());
    return events;
  }

  /**
   * RunPreFilterPlugins. Skip marks the plugin's Filter as not to run. An Unschedulable status
   * lets the others run (their state is needed to judge preemption); UnschedulableAndUnresolvable
   * and Error stop at once. Node restrictions intersect; none left is UnschedulableAndUnresolvable.
   */
  runPreFilterPlugins(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): PreFilterOutcome {
    let result: PreFilterResult | undefined;
    let rejection: Status | undefined;
    const restrictedBy: string[] = [];
    for (const plugin of this.preFilterPlugins) {
      const outcome = plugin.preFilter(state, pod, nodes);
      const status = outcome instanceof PreFilterResult ? Status.success() : outcome;
      if (status.isSkip()) {
        state.skipFilterPlugins.add(plugin.name);
        continue;
      }
      if (status.code === 'UnschedulableAndUnresolvable') return { status: status.withPlugin(plugin.name), restrictedBy };
      if (status.code === 'Unschedulable') {
        rejection = status.withPlugin(plugin.name);
        continue;
      }
      if (!status.isSuccess()) return { status: Status.error(`running PreFilter plugin "${plugin.name}": ${status.message()}`).withPlugin(plugin.name), restrictedBy };
      if (outcome instanceof PreFilterResult) {
        restrictedBy.push(plugin.name);
        result = outcome.merge(result);
        if (result.nodeNames.size === 0) return { status: Status.unresolvable(noNodeLeftMessage(restrictedBy)), result, restrictedBy };
      }
    }
    return { status: rejection ?? Status.success(), result, restrictedBy };
  }

  /** RunFilterPlugins: the first plugin that does not pass the node decides; any other code is an Error. */
  runFilterPlugins(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status {
    for (const plugin of this.filterPlugins) {
      if (state.skipFilterPlugins.has(plugin.name)) continue;
      const status = plugin.filter(state, pod, nodeInfo);
      if (status.isSuccess()) continue;
      if (status.isRejected()) return status.withPlugin(plugin.name);
      return Status.error(`running "${plugin.name}" filter plugin: ${status.message()}`).withPlugin(plugin.name);
    }
    return Status.success();
  }

  /** RunPreScorePlugins: Skip marks the plugin's Score as not to run; anything but Success is an Error. */
  runPreScorePlugins(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): Status {
    for (const plugin of this.preScorePlugins) {
      const status = plugin.preScore(state, pod, nodes);
      if (status.isSkip()) state.skipScorePlugins.add(plugin.name);
      else if (!status.isSuccess()) return Status.error(`running PreScore plugin "${plugin.name}": ${status.message()}`);
    }
    return Status.success();
  }

  /**
   * RunScorePlugins: every plugin scores every node, normalizes its scores into [0, 100], and the
   * weighted scores add up per node.
   */
  runScorePlugins(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): NodePluginScores[] | Status {
    const plugins = this.scorePlugins.filter((plugin) => !state.skipScorePlugins.has(plugin.name));
    const scoresByPlugin: NodeScore[][] = [];
    for (const plugin of plugins) {
      const scores: NodeScore[] = [];
      for (const nodeInfo of nodes) {
        const score = plugin.score(state, pod, nodeInfo);
        if (score instanceof Status) return Status.error(`running Score plugins: plugin "${plugin.name}" failed with: ${score.message()}`);
        scores.push({ name: nodeInfo.name, score });
      }
      const normalized = plugin.normalizeScore?.(state, pod, scores) ?? Status.success();
      if (!normalized.isSuccess()) return Status.error(`running Normalize on Score plugins: plugin "${plugin.name}" failed with: ${normalized.message()}`);
      const outOfRange = scores.find(({ score }) => score > MAX_NODE_SCORE || score < MIN_NODE_SCORE);
      if (outOfRange !== undefined) {
        return Status.error(
          `applying score defaultWeights on Score plugins: plugin "${plugin.name}" returns an invalid score ${outOfRange.score}, it should in the range of [${MIN_NODE_SCORE}, ${MAX_NODE_SCORE}] after normalizing`,
        );
      }
      scoresByPlugin.push(scores);
    }
    return nodes.map((nodeInfo, i) => {
      const scores = plugins.map((plugin, p) => ({ name: plugin.name, score: scoresByPlugin[p][i].score * (this.scoreWeights.get(plugin.name) ?? 1) }));
      return { name: nodeInfo.name, scores, totalScore: scores.reduce((sum, { score }) => sum + score, 0) };
    });
  }

  /** RunReservePluginsReserve: stops at the first plugin that does not succeed; the caller then unreserves. */
  runReservePluginsReserve(state: CycleState, pod: Pod, nodeName: string): Status {
    for (const plugin of this.reservePlugins) {
      const status = plugin.reserve(state, pod, nodeName);
      if (status.isSuccess()) continue;
      if (status.isRejected()) return status.withPlugin(plugin.name);
      return Status.error(`running Reserve plugin "${plugin.name}": ${status.message()}`).withPlugin(plugin.name);
    }
    return Status.success();
  }

  /**
   * RunBindPlugins: the first bind plugin that does not skip binds the pod; an Error status when
   * it fails (its cause kept), Skip when every plugin skipped.
   */
  async runBindPlugins(state: CycleState, pod: Pod, nodeName: string): Promise<Status> {
    for (const plugin of this.bindPlugins) {
      const status = await plugin.bind(state, pod, nodeName);
      if (status.isSkip()) continue;
      if (status.isSuccess()) return status;
      return (status.code === 'Error' ? status : Status.error(`running Bind plugin "${plugin.name}": ${status.message()}`)).withPlugin(plugin.name);
    }
    return Status.skip();
  }

  /** RunReservePluginsUnreserve: every reserve plugin, in reverse order, so later claims are released first. */
  runReservePluginsUnreserve(state: CycleState, pod: Pod, nodeName: string): void {
    for (const plugin of [...this.reservePlugins].reverse()) plugin.unreserve(state, pod, nodeName);
  }
}

function noNodeLeftMessage(plugins: readonly string[]): string {
  return plugins.length === 1 ? `node(s) didn't satisfy plugin ${plugins[0]}` : `node(s) didn't satisfy plugin(s) [${plugins.join(' ')}] simultaneously`;
}
