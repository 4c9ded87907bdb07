// The plugin interfaces (framework/interface.go): a plugin implements the extension points it
// needs; the framework runs them in the configured order. Plugins answer with a Status, never
// by throwing.
import type { Namespace, Pod, ReplicationController, Service } from 'kubernetes-types/core/v1.js';
import type { ReplicaSet, StatefulSet } from 'kubernetes-types/apps/v1.js';
import type { CycleState } from './cycle-state.js';
import type { ClusterEvent } from './events.js';
import type { NodeInfo } from './node-info.js';
import type { Snapshot } from './snapshot.js';
import type { Status } from './status.js';

/** The highest score a plugin may give a node after normalizing (framework.MaxNodeScore). */
export const MAX_NODE_SCORE = 100;
export const MIN_NODE_SCORE = 0;

export interface Plugin {
  /** The name in configurations, spelled as Kubernetes spells it (e.g. "NodeResourcesFit"). */
  readonly name: string;
}

/**
 * A successful PreFilter that already knows the only nodes that can fit (framework.PreFilterResult),
 * e.g. NodeAffinity with a required matchFields metadata.name.
 */
export class PreFilterResult {
  constructor(readonly nodeNames: ReadonlySet<string>) {}

  /** PreFilterResult.Merge: two restrictions leave their intersection. */
  merge(other: PreFilterResult | undefined): PreFilterResult {
    if (other === undefined) return this;
    return new PreFilterResult(new Set([...this.nodeNames].filter((name) => other.nodeNames.has(name))));
  }
}

export interface PreFilterPlugin extends Plugin {
  /** Computes once what Filter needs; Skip when the plugin has nothing to check for this pod. */
  preFilter(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): Status | PreFilterResult;
}

export interface FilterPlugin extends Plugin {
  /** Success, or Unschedulable / UnschedulableAndUnresolvable with Kubernetes' reason. */
  filter(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status;
}

export interface PreScorePlugin extends Plugin {
  /** Prepares Score for the nodes that passed Filter; Skip when there is nothing to score. */
  preScore(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): Status;
}

/** One node's score from one plugin (framework.NodeScore); NormalizeScore rewrites it in place. */
export interface NodeScore {
  readonly name: string;
  score: number;
}

export interface ScorePlugin extends Plugin {
  /** A raw score for the node, or an Error status. */
  score(state: CycleState, pod: Pod, nodeInfo: NodeInfo): number | Status;
  /** ScoreExtensions.NormalizeScore: brings the raw scores into [0, MAX_NODE_SCORE]. */
  normalizeScore?(state: CycleState, pod: Pod, scores: NodeScore[]): Status;
}

export interface ReservePlugin extends Plugin {
  /** Claims what the plugin tracks for the pod on the chosen node before binding. */
  reserve(state: CycleState, pod: Pod, nodeName: string): Status;
  /** Undoes reserve when a later step fails; must not fail itself. */
  unreserve(state: CycleState, pod: Pod, nodeName: string): void;
}

export interface BindPlugin extends Plugin {
  /** Binds the pod to the node; Skip hands it to the next bind plugin. */
  bind(state: CycleState, pod: Pod, nodeName: string): Promise<Status>;
}

/** EnqueueExtensions: the cluster events that may make a pod this plugin rejected schedulable. */
export interface EnqueueExtensions {
  eventsToRegister(): readonly ClusterEvent[];
}

export const isPreFilterPlugin = (plugin: Plugin): plugin is PreFilterPlugin => typeof (plugin as PreFilterPlugin).preFilter === 'function';
export const isFilterPlugin = (plugin: Plugin): plugin is FilterPlugin => typeof (plugin as FilterPlugin).filter === 'function';
export const isPreScorePlugin = (plugin: Plugin): plugin is PreScorePlugin => typeof (plugin as PreScorePlugin).preScore === 'function';
export const isScorePlugin = (plugin: Plugin): plugin is ScorePlugin => typeof (plugin as ScorePlugin).score === 'function';
export const isReservePlugin = (plugin: Plugin): plugin is ReservePlugin => typeof (plugin as ReservePlugin).reserve === 'function';
export const isBindPlugin = (plugin: Plugin): plugin is BindPlugin => typeof (plugin as BindPlugin).bind === 'function';
export const isEnqueueExtensions = (plugin: Plugin): plugin is Plugin & EnqueueExtensions =>
  typeof (plugin as Partial<EnqueueExtensions>).eventsToRegister === 'function';

/**
 * The cluster objects plugins look up beside nodes and pods, read from informers' caches by the
 * scheduler loop (the informer listers a framework.Handle hands out).
 */
export interface ClusterListers {
  namespace(name: string): Namespace | undefined;
  namespaces(): readonly Namespace[];
  services(namespace: string): readonly Service[];
  replicationController(namespace: string, name: string): ReplicationController | undefined;
  replicaSet(namespace: string, name: string): ReplicaSet | undefined;
  statefulSet(namespace: string, name: string): StatefulSet | undefined;
}

/** What plugins get from the framework that runs them (framework.Handle). */
export interface Handle {
  /** The snapshot of the cycle being run (SnapshotSharedLister). */
  snapshot(): Snapshot;
  readonly listers: ClusterListers;
  /** Writes to the apiserver (ClientSet), for bind plugins. */
  readonly client: BindingClient;
}

/** What bind plugins may write: a create, such as pods/binding (a subset of the client library's ApiClient). */
export interface BindingClient {
  create(ref: { version: string; resource: string; namespace?: string; name?: string; subresource?: string }, body: unknown): Promise<unknown>;
}
