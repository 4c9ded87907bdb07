// InterPodAffinity: places pods relative to other pods by topology (same node, same zone, ...),
// from their required and preferred pod affinity and anti-affinity terms.
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { Labels, LabelSelector } from '@kubeling/api/selectors/label-selector';
import type { AffinityTerm } from '../../framework/affinity-term.js';
import { StateKey, missingStateMessage, type CycleState } from '../../framework/cycle-state.js';
import { ActionType, type ClusterEvent } from '../../framework/events.js';
import type { ClusterListers, EnqueueExtensions, FilterPlugin, Handle, NodeScore, PreFilterPlugin, PreScorePlugin, ScorePlugin } from '../../framework/interface.js';
import type { NodeInfo } from '../../framework/node-info.js';
import { PodInfo } from '../../framework/pod-info.js';
import type { PluginRegistration } from '../../framework/registry.js';
import { Status } from '../../framework/status.js';
import { InterPodAffinity as NAME } from '../names.js';
import { interPodAffinityArgs, type InterPodAffinityArgs } from './args.js';
import { existingAntiAffinityCounts, filterInterPodAffinity, incomingAffinityCounts, type PreFilterState } from './filtering.js';
import { normalizeInterPodAffinityScores, topologyScores } from './scoring.js';
import type { TopologyCounts } from './topology-counts.js';

const PRE_FILTER_KEY = new StateKey<PreFilterState>(`PreFilter${NAME}`);
const PRE_SCORE_KEY = new StateKey<TopologyCounts>(`PreScore${NAME}`);

/** GetNamespaceLabelsSnapshot: a namespace not (yet) known has no labels. */
function namespaceLabels(listers: ClusterListers, namespace: string): Labels {
  return listers.namespace(namespace)?.metadata?.labels ?? {};
}

/** mergeAffinityTermNamespacesIfNotEmpty, for a list of terms. */
function resolveNamespaces(listers: ClusterListers, terms: readonly AffinityTerm[]): AffinityTerm[] {
  const select = (selector: LabelSelector): string[] =>
    listers
      .namespaces()
      .filter((namespace) => selector.matches(namespace.metadata?.labels ?? {}))
      .map((namespace) => namespace.metadata?.name ?? '');
  return terms.map((term) => term.withSelectedNamespaces(select));
}

export class InterPodAffinityPlugin implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin, EnqueueExtensions {
  readonly name = NAME;

  constructor(
    private readonly args: InterPodAffinityArgs,
    private readonly handle: Handle,
  ) {}

  preFilter(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): Status {
    const podInfo = PodInfo.of(pod);
    if (podInfo.parseError !== undefined) return Status.unresolvable(`parsing pod: ${podInfo.parseError}`);
    const { listers } = this.handle;
    const labels = namespaceLabels(listers, pod.metadata?.namespace ?? '');
    const affinityTerms = resolveNamespaces(listers, podInfo.requiredAffinityTerms);
    const antiAffinityTerms = resolveNamespaces(listers, podInfo.requiredAntiAffinityTerms);
    const existing = existingAntiAffinityCounts(pod, labels, this.handle.snapshot().havePodsWithRequiredAntiAffinityList());
    if (existing.size === 0 && affinityTerms.length === 0 && antiAffinityTerms.length === 0) return Status.skip();
    const incoming = incomingAffinityCounts(affinityTerms, antiAffinityTerms, nodes);
    state.write(PRE_FILTER_KEY, {
      pod,
      namespaceLabels: labels,
      affinityTerms,
      antiAffinityTerms,
      existingAntiAffinityCounts: existing,
      affinityCounts: incoming.affinity,
      antiAffinityCounts: incoming.antiAffinity,
    });
    return Status.success();
  }

  filter(state: CycleState, _pod: Pod, nodeInfo: NodeInfo): Status {
    const preFilterState = state.read(PRE_FILTER_KEY);
    if (preFilterState === undefined) return Status.error(missingStateMessage(PRE_FILTER_KEY));
    return filterInterPodAffinity(preFilterState, nodeInfo);
  }

  preScore(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): Status {
    if (nodes.length === 0) return Status.skip();
    const podInfo = PodInfo.of(pod);
    if (podInfo.parseError !== undefined) return Status.error(`failed to parse pod: ${podInfo.parseError}`);
    const hasPreferences = podInfo.preferredAffinityTerms.length > 0 || podInfo.preferredAntiAffinityTerms.length > 0;
    if (this.args.ignorePreferredTermsOfExistingPods && !hasPreferences) return Status.skip();
    const { listers } = this.handle;
    const resolveWeighted = (terms: PodInfo['preferredAffinityTerms']) => {
      const resolved = resolveNamespaces(listers, terms.map(({ term }) => term));
      return terms.map(({ weight }, i) => ({ term: resolved[i], weight }));
    };
    const incoming = {
      pod,
      namespaceLabels: namespaceLabels(listers, pod.metadata?.namespace ?? ''),
      preferredAffinityTerms: resolveWeighted(podInfo.preferredAffinityTerms),
      preferredAntiAffinityTerms: resolveWeighted(podInfo.preferredAntiAffinityTerms),
    };
    // Existing pods count wherever they run, not only on the nodes that passed Filter.
    const snapshot = this.handle.snapshot();
    const scores = topologyScores(incoming, hasPreferences ? snapshot.list() : snapshot.havePodsWithAffinityList(), this.args.hardPodAffinityWeight);
    if (scores.size === 0) return Status.skip();
    state.write(PRE_SCORE_KEY, scores);
    return Status.success();
  }

  score(state: CycleState, _pod: Pod, nodeInfo: NodeInfo): number | Status {
    const scores = state.read(PRE_SCORE_KEY);
    if (scores === undefined) return Status.error(missingStateMessage(PRE_SCORE_KEY));
    return scores.sumOverLabelsOf(nodeInfo.node);
  }

  normalizeScore(_state: CycleState, _pod: Pod, scores: NodeScore[]): Status {
    normalizeInterPodAffinityScores(scores);
    return Status.success();
  }

  /** Any assigned pod added, relabelled or deleted; a node added or relabelled (new domains). */
  eventsToRegister(): readonly ClusterEvent[] {
    return [
      { resource: 'Pod', actionType: ActionType.Add | ActionType.UpdatePodLabel | ActionType.Delete },
      { resource: 'Node', actionType: ActionType.Add | ActionType.UpdateNodeLabel },
    ];
  }
}

export const interPodAffinityRegistration: PluginRegistration<InterPodAffinityArgs> = {
  name: NAME,
  factory: (args, handle) => new InterPodAffinityPlugin(args, handle),
  args: interPodAffinityArgs,
};
