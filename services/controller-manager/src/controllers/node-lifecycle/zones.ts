// Zones and their disruption (nodelifecycle's ComputeZoneState and handleDisruption): how
// many of a zone's nodes are not Ready decides how fast their NoExecute taints are added -
// at the eviction rate normally, slower or not at all when much of a zone is down (more
// likely the network than the nodes), and nowhere when every zone is down.
import type { Node, NodeCondition } from 'kubernetes-types/core/v1.js';

export type ZoneState = 'Initial' | 'Normal' | 'PartialDisruption' | 'FullDisruption';

/** kube-controller-manager's defaults for the flags Kubeling does not serve. */
export const DISRUPTION_DEFAULTS = {
  /** --secondary-node-eviction-rate */
  secondaryEvictionQps: 0.01,
  /** --unhealthy-zone-threshold */
  unhealthyZoneThreshold: 0.55,
  /** --large-cluster-size-threshold */
  largeClusterThreshold: 50,
};

/** Nodes with this label count for no zone's state. */
export const EXCLUDE_DISRUPTION_LABEL = 'node.kubernetes.io/exclude-disruption';

/** nodetopology.GetZoneKey: region and zone, or '' for a node with neither. */
export function zoneKey(node: Node): string {
  const labels = node.metadata?.labels ?? {};
  const region = labels['topology.kubernetes.io/region'] ?? labels['failure-domain.beta.kubernetes.io/region'] ?? '';
  const zone = labels['topology.kubernetes.io/zone'] ?? labels['failure-domain.beta.kubernetes.io/zone'] ?? '';
  return region === '' && zone === '' ? '' : `${region}:\x00:${zone}`;
}

export function computeZoneState(readyConditions: ReadonlyArray<NodeCondition | undefined>): ZoneState {
  const ready = readyConditions.filter((c) => c?.status === 'True').length;
  const notReady = readyConditions.length - ready;
  if (ready === 0 && notReady > 0) return 'FullDisruption';
  if (notReady > 2 && notReady / (notReady + ready) >= DISRUPTION_DEFAULTS.unhealthyZoneThreshold) return 'PartialDisruption';
  return 'Normal';
}

/** setLimiterInZone: the tainting rate of a zone of `size` nodes in `state`. */
export function zoneTaintingQps(state: ZoneState, size: number, evictionQps: number): number {
  if (state === 'PartialDisruption') return size > DISRUPTION_DEFAULTS.largeClusterThreshold ? DISRUPTION_DEFAULTS.secondaryEvictionQps : 0;
  return evictionQps;
}

/** What handleDisruption decided: the zones' new states and rates, and whether the whole cluster entered or left full disruption. */
export interface DisruptionChange {
  states: Map<string, ZoneState>;
  rates: Map<string, number>;
  /** Every zone is down: stop all tainting and untaint every node. */
  enteredFullDisruption: boolean;
  /** Some zone is back: start every node's grace period anew. */
  leftFullDisruption: boolean;
}

export function handleDisruption(previous: ReadonlyMap<string, ZoneState>, zones: ReadonlyMap<string, ReadonlyArray<NodeCondition | undefined>>, evictionQps: number): DisruptionChange {
  const next = new Map([...zones].map(([zone, conditions]) => [zone, computeZoneState(conditions)]));
  const states = new Map([...zones.keys()].map((zone): [string, ZoneState] => [zone, previous.get(zone) ?? 'Initial']));
  const rates = new Map<string, number>();
  const change = { states, rates, enteredFullDisruption: false, leftFullDisruption: false };
  const allAre = [...next.values()].every((s) => s === 'FullDisruption');
  const allWere = [...states.values()].every((s) => s === 'FullDisruption');
  if (allAre && allWere) return change;
  if (allAre) {
    for (const zone of states.keys()) {
      states.set(zone, 'FullDisruption');
      rates.set(zone, 0);
    }
    return { ...change, enteredFullDisruption: true };
  }
  for (const [zone, state] of next) {
    if (!allWere && states.get(zone) === state) continue;
    states.set(zone, state);
    rates.set(zone, zoneTaintingQps(state, zones.get(zone)!.length, evictionQps));
  }
  return { ...change, leftFullDisruption: allWere };
}
