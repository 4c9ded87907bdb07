// PodTopologySpread's scores (scoring.go) for ScheduleAnyway constraints: fewer matching pods in
// a node's domains score higher; each constraint's count is weighted by log(number of domains + 2)
// so a constraint over few big domains does not drown one over many small ones.
import type { Pod } from 'kubernetes-types/core/v1.js';
import { MAX_NODE_SCORE, type NodeScore } from '../../framework/interface.js';
import type { NodeInfo } from '../../framework/node-info.js';
import { LABEL_HOSTNAME } from '../../framework/zone-key.js';
import { RequiredNodeAffinity } from '../helpers/node-affinity.js';
import { countPodsMatchSelector, nodeHasAllTopologyKeys, nodeIncluded, type SpreadConstraint } from './common.js';

export interface PreScoreState {
  readonly constraints: readonly SpreadConstraint[];
  /** Nodes without every topology key: scored 0. */
  readonly ignoredNodes: ReadonlySet<string>;
  /** Per constraint: topology value → matching pods; per-node (hostname) counts are taken in Score. */
  readonly podCounts: readonly ReadonlyMap<string, number>[];
  readonly normalizingWeights: readonly number[];
}

/** topologyNormalizingWeight. */
const normalizingWeight = (size: number): number => Math.log(size + 2);

/** scoreForCount: maxSkew − 1 is added so differences smaller than the allowed skew weigh less. */
const scoreForCount = (count: number, maxSkew: number, weight: number): number => count * weight + (maxSkew - 1);

/**
 * initPreScoreState and PreScore's counting: domains are those of the feasible nodes; pods are
 * counted on every node in such a domain that the constraint includes.
 */
export function computePreScoreState(pod: Pod, constraints: readonly SpreadConstraint[], feasibleNodes: readonly NodeInfo[], allNodes: readonly NodeInfo[]): PreScoreState {
  const ignoredNodes = new Set<string>();
  const podCounts = constraints.map(() => new Map<string, number>());
  for (const { node, name } of feasibleNodes) {
    if (!nodeHasAllTopologyKeys(node, constraints)) {
      ignoredNodes.add(name);
      continue;
    }
    constraints.forEach((constraint, i) => {
      if (constraint.topologyKey !== LABEL_HOSTNAME) podCounts[i].set(node.metadata?.labels?.[constraint.topologyKey] ?? '', 0);
    });
  }
  const normalizingWeights = constraints.map((constraint, i) =>
    normalizingWeight(constraint.topologyKey === LABEL_HOSTNAME ? feasibleNodes.length - ignoredNodes.size : podCounts[i].size),
  );
  const requiredNodeAffinity = new RequiredNodeAffinity(pod);
  const namespace = pod.metadata?.namespace ?? '';
  for (const nodeInfo of allNodes) {
    const { node } = nodeInfo;
    if (!nodeHasAllTopologyKeys(node, constraints)) continue;
    constraints.forEach((constraint, i) => {
      const value = node.metadata?.labels?.[constraint.topologyKey] ?? '';
      const count = podCounts[i].get(value);
      if (count === undefined || !nodeIncluded(constraint, pod, node, requiredNodeAffinity)) return;
      podCounts[i].set(value, count + countPodsMatchSelector(nodeInfo.pods, constraint.selector, namespace));
    });
  }
  return { constraints, ignoredNodes, podCounts, normalizingWeights };
}

/** The raw score: the weighted matching pods in the node's domains (more is worse, reversed when normalizing). */
export function scoreTopologySpread(state: PreScoreState, pod: Pod, nodeInfo: NodeInfo): number {
  if (state.ignoredNodes.has(nodeInfo.name)) return 0;
  const labels = nodeInfo.node.metadata?.labels ?? {};
  let score = 0;
  state.constraints.forEach((constraint, i) => {
    if (!Object.hasOwn(labels, constraint.topologyKey)) return;
    const count =
      constraint.topologyKey === LABEL_HOSTNAME
        ? countPodsMatchSelector(nodeInfo.pods, constraint.selector, pod.metadata?.namespace ?? '')
        : (state.podCounts[i].get(labels[constraint.topologyKey]) ?? 0);
    score += scoreForCount(count, constraint.maxSkew, state.normalizingWeights[i]);
  });
  return Math.round(score);
}

/** NormalizeScore: 100 × (max + min − score) / max, ignored nodes 0, all 100 when every score is 0. */
export function normalizeTopologySpreadScores(state: PreScoreState, scores: NodeScore[]): void {
  const counted = scores.filter(({ name }) => !state.ignoredNodes.has(name));
  const min = Math.min(...counted.map(({ score }) => score));
  const max = Math.max(0, ...counted.map(({ score }) => score));
  for (const entry of scores) {
    if (state.ignoredNodes.has(entry.name)) entry.score = 0;
    else if (max === 0) entry.score = MAX_NODE_SCORE;
    else entry.score = Math.trunc((MAX_NODE_SCORE * (max + min - entry.score)) / max);
  }
}
