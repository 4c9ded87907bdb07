// PodTopologySpread's filter (filtering.go): for each DoNotSchedule constraint, placing the pod
// in the node's domain must keep `matching pods there + 1 (if it matches itself) − global
// minimum` within maxSkew.
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { NodeInfo } from '../../framework/node-info.js';
import { Status } from '../../framework/status.js';
import { RequiredNodeAffinity } from '../helpers/node-affinity.js';
import { countPodsMatchSelector, nodeHasAllTopologyKeys, nodeIncluded, type SpreadConstraint } from './common.js';

export const ERR_REASON_CONSTRAINTS_NOT_MATCH = "node(s) didn't match pod topology spread constraints";
export const ERR_REASON_NODE_LABEL_NOT_MATCH = `${ERR_REASON_CONSTRAINTS_NOT_MATCH} (missing required label)`;

export interface PreFilterState {
  readonly constraints: readonly SpreadConstraint[];
  /** Per constraint: topology value → matching pods in that domain, for every eligible domain. */
  readonly matchNum: readonly ReadonlyMap<string, number>[];
}

/**
 * calPreFilterState: the matching pods per eligible domain. A node is a domain of a constraint
 * when it has every constraint's topology key and passes the constraint's inclusion policies.
 */
export function computePreFilterState(pod: Pod, constraints: readonly SpreadConstraint[], allNodes: readonly NodeInfo[]): PreFilterState {
  const matchNum = constraints.map(() => new Map<string, number>());
  const requiredNodeAffinity = new RequiredNodeAffinity(pod);
  const namespace = pod.metadata?.namespace ?? '';
  for (const nodeInfo of allNodes) {
    const { node } = nodeInfo;
    if (!nodeHasAllTopologyKeys(node, constraints)) continue;
    constraints.forEach((constraint, i) => {
      if (!nodeIncluded(constraint, pod, node, requiredNodeAffinity)) return;
      const value = node.metadata?.labels?.[constraint.topologyKey] ?? '';
      matchNum[i].set(value, (matchNum[i].get(value) ?? 0) + countPodsMatchSelector(nodeInfo.pods, constraint.selector, namespace));
    });
  }
  return { constraints, matchNum };
}

/** The global minimum: the fewest matching pods in an eligible domain, or 0 with fewer than minDomains domains. */
function minMatchNum(state: PreFilterState, index: number): number {
  const counts = state.matchNum[index];
  if (counts.size < state.constraints[index].minDomains) return 0;
  return Math.min(...counts.values());
}

export function filterTopologySpread(state: PreFilterState, pod: Pod, nodeInfo: NodeInfo): Status {
  const labels = nodeInfo.node.metadata?.labels ?? {};
  const podLabels = pod.metadata?.labels ?? {};
  for (const [i, constraint] of state.constraints.entries()) {
    if (!Object.hasOwn(labels, constraint.topologyKey)) return Status.unresolvable(ERR_REASON_NODE_LABEL_NOT_MATCH);
    const selfMatch = constraint.selector.matches(podLabels) ? 1 : 0;
    const skew = (state.matchNum[i].get(labels[constraint.topologyKey]) ?? 0) + selfMatch - minMatchNum(state, i);
    if (skew > constraint.maxSkew) return Status.unschedulable(ERR_REASON_CONSTRAINTS_NOT_MATCH);
  }
  return Status.success();
}
