// InterPodAffinity's filter (filtering.go): the incoming pod's required affinity and
// anti-affinity, and the required anti-affinity of pods already running, which binds in both
// directions (a pod may not land where an existing pod refuses it).
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { Labels } from '@kubeling/api/selectors/label-selector';
import type { AffinityTerm } from '../../framework/affinity-term.js';
import type { NodeInfo } from '../../framework/node-info.js';
import { Status } from '../../framework/status.js';
import { TopologyCounts } from './topology-counts.js';

export const ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH = "node(s) didn't satisfy existing pods anti-affinity rules";
export const ERR_REASON_AFFINITY_RULES_NOT_MATCH = "node(s) didn't match pod affinity rules";
export const ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH = "node(s) didn't match pod anti-affinity rules";

/** What PreFilter computes once for all nodes. */
export interface PreFilterState {
  readonly pod: Pod;
  readonly namespaceLabels: Labels;
  /** The incoming pod's required terms, their namespaceSelector resolved to namespaces. */
  readonly affinityTerms: readonly AffinityTerm[];
  readonly antiAffinityTerms: readonly AffinityTerm[];
  /** Per domain: existing pods whose required anti-affinity matches the incoming pod. */
  readonly existingAntiAffinityCounts: TopologyCounts;
  /** Per domain: existing pods that match all the incoming pod's affinity terms. */
  readonly affinityCounts: TopologyCounts;
  /** Per domain: existing pods that match an anti-affinity term of the incoming pod. */
  readonly antiAffinityCounts: TopologyCounts;
}

/** podMatchesAllAffinityTerms: no terms matches nothing. */
function podMatchesAllAffinityTerms(terms: readonly AffinityTerm[], pod: Pod, namespaceLabels: Labels | undefined): boolean {
  return terms.length > 0 && terms.every((term) => term.matches(pod, namespaceLabels));
}

/** getExistingAntiAffinityCounts: over the nodes whose pods have required anti-affinity. */
export function existingAntiAffinityCounts(pod: Pod, namespaceLabels: Labels, nodes: readonly NodeInfo[]): TopologyCounts {
  const counts = new TopologyCounts();
  for (const nodeInfo of nodes) {
    for (const existing of nodeInfo.podsWithRequiredAntiAffinity) {
      for (const term of existing.requiredAntiAffinityTerms) if (term.matches(pod, namespaceLabels)) counts.update(nodeInfo.node, term.topologyKey, 1);
    }
  }
  return counts;
}

/**
 * getIncomingAffinityAntiAffinityCounts. The incoming pod's terms have their namespaces written
 * out, so existing pods are matched without their namespace's labels.
 */
export function incomingAffinityCounts(affinityTerms: readonly AffinityTerm[], antiAffinityTerms: readonly AffinityTerm[], nodes: readonly NodeInfo[]): { affinity: TopologyCounts; antiAffinity: TopologyCounts } {
  const affinity = new TopologyCounts();
  const antiAffinity = new TopologyCounts();
  if (affinityTerms.length === 0 && antiAffinityTerms.length === 0) return { affinity, antiAffinity };
  for (const nodeInfo of nodes) {
    for (const { pod } of nodeInfo.pods) {
      if (podMatchesAllAffinityTerms(affinityTerms, pod, undefined)) for (const term of affinityTerms) affinity.update(nodeInfo.node, term.topologyKey, 1);
      for (const term of antiAffinityTerms) if (term.matches(pod, undefined)) antiAffinity.update(nodeInfo.node, term.topologyKey, 1);
    }
  }
  return { affinity, antiAffinity };
}

/** satisfyExistingPodsAntiAffinity: no existing pod refuses the incoming pod in any domain of the node. */
function satisfiesExistingPodsAntiAffinity(state: PreFilterState, nodeInfo: NodeInfo): boolean {
  return state.existingAntiAffinityCounts.size === 0 || !state.existingAntiAffinityCounts.countsAnyLabelOf(nodeInfo.node);
}

/** satisfyPodAntiAffinity: no pod the incoming pod refuses is in the node's domain of any of its terms. */
function satisfiesPodAntiAffinity(state: PreFilterState, nodeInfo: NodeInfo): boolean {
  if (state.antiAffinityCounts.size === 0) return true;
  const labels = nodeInfo.node.metadata?.labels ?? {};
  return !state.antiAffinityTerms.some((term) => Object.hasOwn(labels, term.topologyKey) && state.antiAffinityCounts.get(term.topologyKey, labels[term.topologyKey]) > 0);
}

/**
 * satisfyPodAffinity: the node has every term's topology label and each of its domains holds a
 * matching pod. The first pod of a group that selects itself would never find one, so it may go
 * anywhere with the labels when no pod at all matches and it matches its own terms.
 */
function satisfiesPodAffinity(state: PreFilterState, nodeInfo: NodeInfo): boolean {
  const labels = nodeInfo.node.metadata?.labels ?? {};
  let podsExist = true;
  for (const term of state.affinityTerms) {
    if (!Object.hasOwn(labels, term.topologyKey)) return false;
    if (state.affinityCounts.get(term.topologyKey, labels[term.topologyKey]) <= 0) podsExist = false;
  }
  if (podsExist) return true;
  return state.affinityCounts.size === 0 && podMatchesAllAffinityTerms(state.affinityTerms, state.pod, state.namespaceLabels);
}

/** The Filter verdict for a node: affinity first (unresolvable), then both anti-affinities (preemption may help). */
export function filterInterPodAffinity(state: PreFilterState, nodeInfo: NodeInfo): Status {
  if (!satisfiesPodAffinity(state, nodeInfo)) return Status.unresolvable(ERR_REASON_AFFINITY_RULES_NOT_MATCH);
  if (!satisfiesPodAntiAffinity(state, nodeInfo)) return Status.unschedulable(ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH);
  if (!satisfiesExistingPodsAntiAffinity(state, nodeInfo)) return Status.unschedulable(ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH);
  return Status.success();
}
