// What PodTopologySpread's filter and score share (common.go): a pod's spread constraints ready
// to evaluate, which nodes count as domains, and counting the pods a constraint selects.
import type { Node, Pod, TopologySpreadConstraint } from 'kubernetes-types/core/v1.js';
import { LabelSelector, labelSelectorFromMeta, Requirement, type Labels } from '@kubeling/api/selectors/label-selector';
import type { PodInfo } from '../../framework/pod-info.js';
import { findUntoleratedTaint, isDoNotScheduleTaint } from '../helpers/taints.js';
import type { RequiredNodeAffinity } from '../helpers/node-affinity.js';

export type NodeInclusionPolicy = 'Honor' | 'Ignore';

/** A constraint with its selector parsed and its defaults applied (topologySpreadConstraint). */
export interface SpreadConstraint {
  readonly maxSkew: number;
  readonly topologyKey: string;
  readonly selector: LabelSelector;
  /** Fewer eligible domains than this make the global minimum 0. */
  readonly minDomains: number;
  /** Honor (default): only nodes matching the pod's node affinity are domains. */
  readonly nodeAffinityPolicy: NodeInclusionPolicy;
  /** Ignore (default): tainted nodes are domains too. */
  readonly nodeTaintsPolicy: NodeInclusionPolicy;
}

/** The selector with the pod's own values for matchLabelKeys added (mergeLabelSetWithSelector). */
function withMatchLabelKeys(selector: LabelSelector, keys: readonly string[] | undefined, podLabels: Labels): LabelSelector {
  const own = (keys ?? []).filter((key) => Object.hasOwn(podLabels, key)).map((key) => Requirement.create(key, '=', [podLabels[key]]));
  return own.length === 0 ? selector : LabelSelector.of([...selector.requirements, ...own]);
}

/**
 * filterTopologySpreadConstraints: the constraints with the given whenUnsatisfiable, the filter
 * taking DoNotSchedule and scoring ScheduleAnyway. Throws LabelSelectorError for a bad selector.
 */
export function spreadConstraints(pod: Pod, action: 'DoNotSchedule' | 'ScheduleAnyway'): SpreadConstraint[] {
  const podLabels = pod.metadata?.labels ?? {};
  return (pod.spec?.topologySpreadConstraints ?? [])
    .filter((constraint: TopologySpreadConstraint) => constraint.whenUnsatisfiable === action)
    .map((constraint) => ({
      maxSkew: constraint.maxSkew,
      topologyKey: constraint.topologyKey,
      selector: withMatchLabelKeys(labelSelectorFromMeta(constraint.labelSelector), constraint.matchLabelKeys, podLabels),
      minDomains: constraint.minDomains ?? 1,
      nodeAffinityPolicy: constraint.nodeAffinityPolicy === 'Ignore' ? 'Ignore' : 'Honor',
      nodeTaintsPolicy: constraint.nodeTaintsPolicy === 'Honor' ? 'Honor' : 'Ignore',
    }));
}

/** matchNodeInclusionPolicies: whether the node is one of the constraint's domains for this pod. */
export function nodeIncluded(constraint: SpreadConstraint, pod: Pod, node: Node, requiredNodeAffinity: RequiredNodeAffinity): boolean {
  if (constraint.nodeAffinityPolicy === 'Honor' && !requiredNodeAffinity.match(node)) return false;
  if (constraint.nodeTaintsPolicy === 'Honor' && findUntoleratedTaint(node.spec?.taints, pod.spec?.tolerations, isDoNotScheduleTaint) !== undefined) return false;
  return true;
}

/** nodeLabelsMatchSpreadConstraints: the node has every constraint's topology label. */
export function nodeHasAllTopologyKeys(node: Node, constraints: readonly SpreadConstraint[]): boolean {
  const labels = node.metadata?.labels ?? {};
  return constraints.every((constraint) => Object.hasOwn(labels, constraint.topologyKey));
}

/** countPodsMatchSelector: pods of the namespace the selector matches, leaving out pods being deleted. */
export function countPodsMatchSelector(pods: readonly PodInfo[], selector: LabelSelector, namespace: string): number {
  // An empty selector would count every pod, which spreading has no use for.
  if (selector.empty()) return 0;
  return pods.filter(({ pod }) => pod.metadata?.deletionTimestamp == null && pod.metadata?.namespace === namespace && selector.matches(pod.metadata?.labels ?? {})).length;
}
