// NodeName: a pod that names its node (spec.nodeName) fits only that node.
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import type { CycleState } from '../framework/cycle-state.js';
import { ActionType, type ClusterEvent } from '../framework/events.js';
import type { EnqueueExtensions, FilterPlugin } from '../framework/interface.js';
import type { NodeInfo } from '../framework/node-info.js';
import type { PluginRegistration } from '../framework/registry.js';
import { Status } from '../framework/status.js';
import { NodeName as NAME } from './names.js';

export const ERR_REASON_NODE_NAME = "node(s) didn't match the requested node name";

export function fitsNodeName(pod: Pod, node: Node): boolean {
  const wanted = pod.spec?.nodeName ?? '';
  return wanted === '' || wanted === node.metadata?.name;
}

export class NodeNamePlugin implements FilterPlugin, EnqueueExtensions {
  readonly name = NAME;

  filter(_state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status {
    return fitsNodeName(pod, nodeInfo.node) ? Status.success() : Status.unresolvable(ERR_REASON_NODE_NAME);
  }

  /** Only the named node appearing can help. */
  eventsToRegister(): readonly ClusterEvent[] {
    return [{ resource: 'Node', actionType: ActionType.Add }];
  }
}

export const nodeNameRegistration: PluginRegistration = { name: NAME, factory: () => new NodeNamePlugin() };
