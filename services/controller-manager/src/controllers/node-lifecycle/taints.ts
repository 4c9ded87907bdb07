// The taints the node lifecycle controller keeps on nodes (nodelifecycle's taint templates and
// doNoScheduleTaintingPass, taintutils' TaintExists and TaintSetDiff): which ones a node's
// conditions call for, and how a set of them is swapped on the node.
import type { Node, NodeCondition, Taint } from 'kubernetes-types/core/v1.js';

export const TAINT_NODE_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_NODE_UNREACHABLE = 'node.kubernetes.io/unreachable';
export const TAINT_NODE_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';

export const NOT_READY_TAINT: Taint = { key: TAINT_NODE_NOT_READY, effect: 'NoExecute' };
export const UNREACHABLE_TAINT: Taint = { key: TAINT_NODE_UNREACHABLE, effect: 'NoExecute' };

/** nodeConditionToTaintKeyStatusMap: the condition statuses that taint a node, and with which key. */
const CONDITION_TAINT_KEYS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  Ready: { False: TAINT_NODE_NOT_READY, Unknown: TAINT_NODE_UNREACHABLE },
  MemoryPressure: { True: 'node.kubernetes.io/memory-pressure' },
  DiskPressure: { True: 'node.kubernetes.io/disk-pressure' },
  NetworkUnavailable: { True: 'node.kubernetes.io/network-unavailable' },
  PIDPressure: { True: 'node.kubernetes.io/pid-pressure' },
};

const CONDITION_TAINT_KEY_SET = new Set(Object.values(CONDITION_TAINT_KEYS).flatMap((byStatus) => Object.values(byStatus)));

export function nodeCondition(node: Node, type: string): NodeCondition | undefined {
  return node.status?.conditions?.find((c) => c.type === type);
}

/** Taint.MatchTaint: the same key and effect (the value does not count). */
export const matchTaint = (a: Taint, b: Taint): boolean => a.key === b.key && a.effect === b.effect;

export const taintExists = (taints: readonly Taint[] | undefined, taint: Taint): boolean => (taints ?? []).some((t) => matchTaint(t, taint));

/** The NoSchedule taints the node's conditions and spec.unschedulable call for. */
export function wantedNoScheduleTaints(node: Node): Taint[] {
  const taints: Taint[] = [];
  for (const condition of node.status?.conditions ?? []) {
    const key = CONDITION_TAINT_KEYS[condition.type]?.[condition.status];
    if (key) taints.push({ key, effect: 'NoSchedule' });
  }
  if (node.spec?.unschedulable) taints.push({ key: TAINT_NODE_UNSCHEDULABLE, effect: 'NoSchedule' });
  return taints;
}

/**
 * The NoExecute taint a Ready status calls for and the one it excludes: not-ready and
 * unreachable mirror the Ready condition, so a node has at most one of them; none for True.
 */
export function noExecuteTaintFor(readyStatus: string): [taint: Taint, opposite: Taint] | undefined {
  if (readyStatus === 'False') return [NOT_READY_TAINT, UNREACHABLE_TAINT];
  if (readyStatus === 'Unknown') return [UNREACHABLE_TAINT, NOT_READY_TAINT];
  return undefined;
}

/** The node's NoSchedule taints that this controller owns: condition taints and unschedulable. */
function ownedNoScheduleTaints(node: Node): Taint[] {
  return (node.spec?.taints ?? []).filter((t) => t.effect === 'NoSchedule' && (t.key === TAINT_NODE_UNSCHEDULABLE || CONDITION_TAINT_KEY_SET.has(t.key)));
}

/** TaintSetDiff of what the node should have against what it has, for doNoScheduleTaintingPass. */
export function noScheduleTaintChanges(node: Node): { add: Taint[]; remove: Taint[] } {
  const wanted = wantedNoScheduleTaints(node);
  const current = ownedNoScheduleTaints(node);
  return { add: wanted.filter((t) => !taintExists(current, t)), remove: current.filter((t) => !taintExists(wanted, t)) };
}

/**
 * The node's taints with `remove` taken off and `add` put on (stamped timeAdded, as
 * SwapNodeControllerTaint does), or undefined when that changes nothing.
 */
export function swapTaints(current: readonly Taint[] | undefined, add: readonly Taint[], remove: readonly Taint[], timeAdded: string): Taint[] | undefined {
  const kept = (current ?? []).filter((t) => !remove.some((r) => matchTaint(r, t)));
  const added = add.filter((a) => !taintExists(kept, a)).map((a) => ({ ...a, timeAdded }));
  if (added.length === 0 && kept.length === (current ?? []).length) return undefined;
  return [...kept, ...added];
}
