// NodeUnschedulable: keeps pods off cordoned nodes (spec.unschedulable), unless they tolerate
// the node.kubernetes.io/unschedulable:NoSchedule taint that cordoning stands for.
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import type { CycleState } from '../framework/cycle-state.js';
import { ActionType, type ClusterEvent } from '../framework/events.js';
import type { EnqueueExtensions, FilterPlugin } from '../framework/interface.js';
import type { NodeInfo } from '../framework/node-info.js';
import type { PluginRegistration } from '../framework/registry.js';
import { Status } from '../framework/status.js';
import { tolerationsTolerateTaint } from './helpers/taints.js';
import { NodeUnschedulable as NAME } from './names.js';

export const ERR_REASON_UNSCHEDULABLE = 'node(s) were unschedulable';
export const TAINT_NODE_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';

/** Whether the pod may go to the node as far as cordoning is concerned. */
export function fitsSchedulable(pod: Pod, node: Node): boolean {
  if (!node.spec?.unschedulable) return true;
  return tolerationsTolerateTaint(pod.spec?.tolerations, { key: TAINT_NODE_UNSCHEDULABLE, effect: 'NoSchedule' });
}

export class NodeUnschedulablePlugin implements FilterPlugin, EnqueueExtensions {
  readonly name = NAME;

  filter(_state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status {
    return fitsSchedulable(pod, nodeInfo.node) ? Status.success() : Status.unresolvable(ERR_REASON_UNSCHEDULABLE);
  }

  /** A node uncordoned or added; a toleration added to the pod. */
  eventsToRegister(): readonly ClusterEvent[] {
    return [
      { resource: 'Node', actionType: ActionType.Add | ActionType.UpdateNodeTaint },
      { resource: 'Pod', actionType: ActionType.UpdatePodTolerations },
    ];
  }
}

export const nodeUnschedulableRegistration: PluginRegistration = { name: NAME, factory: () => new NodeUnschedulablePlugin() };
