// InterPodAffinity's scores (scoring.go): a node gains in a domain for every pod there that the
// incoming pod prefers (weight), that prefers the incoming pod, or that requires it
// (hardPodAffinityWeight); it loses for every preferred anti-affinity either way.
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import type { Labels } from '@kubeling/api/selectors/label-selector';
import type { AffinityTerm, WeightedAffinityTerm } from '../../framework/affinity-term.js';
import { MAX_NODE_SCORE, type NodeScore } from '../../framework/interface.js';
import type { NodeInfo } from '../../framework/node-info.js';
import type { PodInfo } from '../../framework/pod-info.js';
import { TopologyCounts } from './topology-counts.js';

/** The incoming pod as scoring sees it, its preferred terms' namespaceSelectors resolved. */
export interface IncomingPod {
  readonly pod: Pod;
  readonly namespaceLabels: Labels;
  readonly preferredAffinityTerms: readonly WeightedAffinityTerm[];
  readonly preferredAntiAffinityTerms: readonly WeightedAffinityTerm[];
}

function processTerm(scores: TopologyCounts, term: AffinityTerm, weight: number, pod: Pod, namespaceLabels: Labels | undefined, node: Node): void {
  if (term.matches(pod, namespaceLabels)) scores.update(node, term.topologyKey, weight);
}

function processTerms(scores: TopologyCounts, terms: readonly WeightedAffinityTerm[], pod: Pod, namespaceLabels: Labels | undefined, node: Node, sign: 1 | -1): void {
  for (const { term, weight } of terms) processTerm(scores, term, sign * weight, pod, namespaceLabels, node);
}

/** processExistingPod: what one existing pod adds to the domains of its node. */
function processExistingPod(scores: TopologyCounts, incoming: IncomingPod, existing: PodInfo, node: Node, hardPodAffinityWeight: number): void {
  if (Object.keys(node.metadata?.labels ?? {}).length === 0) return;
  // The incoming pod's terms have their namespaces written out: no namespace labels needed.
  processTerms(scores, incoming.preferredAffinityTerms, existing.pod, undefined, node, 1);
  processTerms(scores, incoming.preferredAntiAffinityTerms, existing.pod, undefined, node, -1);
  if (hardPodAffinityWeight > 0) {
    for (const term of existing.requiredAffinityTerms) processTerm(scores, term, hardPodAffinityWeight, incoming.pod, incoming.namespaceLabels, node);
  }
  processTerms(scores, existing.preferredAffinityTerms, incoming.pod, incoming.namespaceLabels, node, 1);
  processTerms(scores, existing.preferredAntiAffinityTerms, incoming.pod, incoming.namespaceLabels, node, -1);
}

/**
 * The score of each domain. Without preferred terms of its own, only existing pods with some
 * affinity can change a score, so only those are looked at.
 */
export function topologyScores(incoming: IncomingPod, nodes: readonly NodeInfo[], hardPodAffinityWeight: number): TopologyCounts {
  const hasPreferences = incoming.preferredAffinityTerms.length > 0 || incoming.preferredAntiAffinityTerms.length > 0;
  const scores = new TopologyCounts();
  for (const nodeInfo of nodes) {
    const pods = hasPreferences ? nodeInfo.pods : nodeInfo.podsWithAffinity;
    for (const existing of pods) processExistingPod(scores, incoming, existing, nodeInfo.node, hardPodAffinityWeight);
  }
  return scores;
}

/** NormalizeScore: min-max scaling onto [0, 100]; scores may be negative before it. */
export function normalizeInterPodAffinityScores(scores: NodeScore[]): void {
  const values = scores.map(({ score }) => score);
  const min = Math.min(...values);
  const diff = Math.max(...values) - min;
  for (const entry of scores) entry.score = diff > 0 ? Math.trunc((MAX_NODE_SCORE * (entry.score - min)) / diff) : 0;
}
