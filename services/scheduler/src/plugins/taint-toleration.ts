// TaintToleration: a pod goes only where it tolerates every NoSchedule and NoExecute taint, and
// prefers nodes with fewer PreferNoSchedule taints it does not tolerate.
import type { Node, Pod, Taint, Toleration } from 'kubernetes-types/core/v1.js';
import { StateKey, missingStateMessage, type CycleState } from '../framework/cycle-state.js';
import { ActionType, type ClusterEvent } from '../framework/events.js';
import { MAX_NODE_SCORE, type EnqueueExtensions, type FilterPlugin, type NodeScore, type PreScorePlugin, type ScorePlugin } from '../framework/interface.js';
import type { NodeInfo } from '../framework/node-info.js';
import type { PluginRegistration } from '../framework/registry.js';
import { Status } from '../framework/status.js';
import { defaultNormalizeScore } from './helpers/normalize-score.js';
import { findUntoleratedTaint, isDoNotScheduleTaint, tolerationsTolerateTaint } from './helpers/taints.js';
import { TaintToleration as NAME } from './names.js';

const PRE_SCORE_KEY = new StateKey<readonly Toleration[]>(`PreScore${NAME}`);

/** "node(s) had untolerated taint {key: value}", naming the first such taint. */
export const untoleratedTaintReason = (taint: Taint): string => `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`;

/** The first NoSchedule or NoExecute taint of the node that the pod does not tolerate. */
export function untoleratedTaint(pod: Pod, node: Node): Taint | undefined {
  return findUntoleratedTaint(node.spec?.taints, pod.spec?.tolerations, isDoNotScheduleTaint);
}

/** Tolerations that can tolerate PreferNoSchedule taints: those for that effect or for every effect. */
function preferNoScheduleTolerations(tolerations: readonly Toleration[] | undefined): Toleration[] {
  return (tolerations ?? []).filter((toleration) => !toleration.effect || toleration.effect === 'PreferNoSchedule');
}

/** How many PreferNoSchedule taints of the node these tolerations leave untolerated (lower is better). */
export function countIntolerableTaintsPreferNoSchedule(taints: readonly Taint[] | undefined, tolerations: readonly Toleration[]): number {
  return (taints ?? []).filter((taint) => taint.effect === 'PreferNoSchedule' && !tolerationsTolerateTaint(tolerations, taint)).length;
}

export class TaintTolerationPlugin implements FilterPlugin, PreScorePlugin, ScorePlugin, EnqueueExtensions {
  readonly name = NAME;

  filter(_state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status {
    const taint = untoleratedTaint(pod, nodeInfo.node);
    return taint === undefined ? Status.success() : Status.unresolvable(untoleratedTaintReason(taint));
  }

  preScore(state: CycleState, pod: Pod): Status {
    state.write(PRE_SCORE_KEY, preferNoScheduleTolerations(pod.spec?.tolerations));
    return Status.success();
  }

  score(state: CycleState, _pod: Pod, nodeInfo: NodeInfo): number | Status {
    const tolerations = state.read(PRE_SCORE_KEY);
    if (tolerations === undefined) return Status.error(missingStateMessage(PRE_SCORE_KEY));
    return countIntolerableTaintsPreferNoSchedule(nodeInfo.node.spec?.taints, tolerations);
  }

  /** More untolerated taints is worse: the node with most gets 0, nodes with none get 100. */
  normalizeScore(_state: CycleState, _pod: Pod, scores: NodeScore[]): Status {
    defaultNormalizeScore(MAX_NODE_SCORE, true, scores);
    return Status.success();
  }

  /** A node's taints changed or a node was added; the pod gained a toleration. */
  eventsToRegister(): readonly ClusterEvent[] {
    return [
      { resource: 'Node', actionType: ActionType.Add | ActionType.UpdateNodeTaint },
      { resource: 'Pod', actionType: ActionType.UpdatePodTolerations },
    ];
  }
}

export const taintTolerationRegistration: PluginRegistration = { name: NAME, factory: () => new TaintTolerationPlugin() };
