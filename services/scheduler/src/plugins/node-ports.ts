// NodePorts: a pod's hostPorts must be free on the node, per protocol and host IP, with
// 0.0.0.0 (or no hostIP) clashing with every address.
import type { Pod } from 'kubernetes-types/core/v1.js';
import { StateKey, missingStateMessage, type CycleState } from '../framework/cycle-state.js';
import { ActionType, type ClusterEvent } from '../framework/events.js';
import type { HostPort, HostPortInfo } from '../framework/host-port-info.js';
import type { EnqueueExtensions, FilterPlugin, PreFilterPlugin } from '../framework/interface.js';
import { podHostPorts, type NodeInfo } from '../framework/node-info.js';
import type { PluginRegistration } from '../framework/registry.js';
import { Status } from '../framework/status.js';
import { NodePorts as NAME } from './names.js';

export const ERR_REASON_NODE_PORTS = "node(s) didn't have free ports for the requested pod ports";

const PRE_FILTER_KEY = new StateKey<readonly HostPort[]>(`PreFilter${NAME}`);

/** The ports a pod asks for on its host; ports without hostPort are not on the host at all. */
export function wantedHostPorts(pod: Pod): HostPort[] {
  return podHostPorts(pod).filter((port) => (port.hostPort ?? 0) > 0);
}

/** fitsPorts: none of the wanted ports clashes with one in use. */
export function fitsPorts(wanted: readonly HostPort[], usedPorts: HostPortInfo): boolean {
  return !wanted.some((port) => usedPorts.checkConflict(port));
}

export class NodePortsPlugin implements PreFilterPlugin, FilterPlugin, EnqueueExtensions {
  readonly name = NAME;

  preFilter(state: CycleState, pod: Pod): Status {
    const wanted = wantedHostPorts(pod);
    if (wanted.length === 0) return Status.skip();
    state.write(PRE_FILTER_KEY, wanted);
    return Status.success();
  }

  filter(state: CycleState, _pod: Pod, nodeInfo: NodeInfo): Status {
    const wanted = state.read(PRE_FILTER_KEY);
    if (wanted === undefined) return Status.error(missingStateMessage(PRE_FILTER_KEY));
    return fitsPorts(wanted, nodeInfo.usedPorts) ? Status.success() : Status.unschedulable(ERR_REASON_NODE_PORTS);
  }

  /** A pod deleted frees its ports; a new node has all of them free. */
  eventsToRegister(): readonly ClusterEvent[] {
    return [
      { resource: 'Pod', actionType: ActionType.Delete },
      { resource: 'Node', actionType: ActionType.Add },
    ];
  }
}

export const nodePortsRegistration: PluginRegistration = { name: NAME, factory: () => new NodePortsPlugin() };
