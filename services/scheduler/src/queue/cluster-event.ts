// Which cluster events a change is, and whether a registered event covers it.
import { isDeepStrictEqual } from 'node:util';
import type { Node, NodeCondition } from 'kubernetes-types/core/v1.js';
import { Quantity } from '@kubeling/api/validation/quantity';
import {
  NodeAllocatableChange,
  NodeAnnotationChange,
  NodeConditionChange,
  NodeLabelChange,
  NodeSpecUnschedulableChange,
  NodeTaintChange,
  WildCard,
  type ClusterEvent,
} from '../framework/events.js';

/**
 * Whether an event a plugin registered covers one that happened (ClusterEvent.Match): same
 * resource (or a wildcard one) and at least one action in common, so Update covers
 * UpdateNodeTaint but Delete does not, and WildCardEvent covers everything.
 */
export function clusterEventMatches(registered: ClusterEvent, event: ClusterEvent): boolean {
  const sameResource = registered.resource === WildCard || registered.resource === event.resource;
  return sameResource && (registered.actionType & event.actionType) !== 0;
}

/**
 * The events a node update is (nodeSchedulingPropertiesChange), one per kind of change, so only
 * pods rejected for that kind of reason are retried; none when nothing the scheduler reads
 * changed (a heartbeat).
 */
export function nodeSchedulingPropertiesChange(oldNode: Node, newNode: Node): ClusterEvent[] {
  const events: ClusterEvent[] = [];
  if (nodeSpecUnschedulableChanged(oldNode, newNode)) events.push(NodeSpecUnschedulableChange);
  if (nodeAllocatableChanged(oldNode, newNode)) events.push(NodeAllocatableChange);
  if (nodeLabelsChanged(oldNode, newNode)) events.push(NodeLabelChange);
  if (nodeTaintsChanged(oldNode, newNode)) events.push(NodeTaintChange);
  if (nodeConditionsChanged(oldNode, newNode)) events.push(NodeConditionChange);
  if (nodeAnnotationsChanged(oldNode, newNode)) events.push(NodeAnnotationChange);
  return events;
}

/** Only a node becoming schedulable can help a pod; cordoning one cannot. */
function nodeSpecUnschedulableChanged(oldNode: Node, newNode: Node): boolean {
  const wasUnschedulable = oldNode.spec?.unschedulable ?? false;
  const isUnschedulable = newNode.spec?.unschedulable ?? false;
  return wasUnschedulable && !isUnschedulable;
}

function nodeAllocatableChanged(oldNode: Node, newNode: Node): boolean {
  return !resourceListsEqual(oldNode.status?.allocatable ?? {}, newNode.status?.allocatable ?? {});
}

function nodeLabelsChanged(oldNode: Node, newNode: Node): boolean {
  return !isDeepStrictEqual(oldNode.metadata?.labels ?? {}, newNode.metadata?.labels ?? {});
}

function nodeAnnotationsChanged(oldNode: Node, newNode: Node): boolean {
  return !isDeepStrictEqual(oldNode.metadata?.annotations ?? {}, newNode.metadata?.annotations ?? {});
}

function nodeTaintsChanged(oldNode: Node, newNode: Node): boolean {
  return !isDeepStrictEqual(oldNode.spec?.taints ?? [], newNode.spec?.taints ?? []);
}

/** Compares each condition's status only: the kubelet rewrites heartbeat times every few seconds. */
function nodeConditionsChanged(oldNode: Node, newNode: Node): boolean {
  return !isDeepStrictEqual(conditionStatuses(oldNode.status?.conditions), conditionStatuses(newNode.status?.conditions));
}

function conditionStatuses(conditions: NodeCondition[] = []): Record<string, string> {
  return Object.fromEntries(conditions.map((condition) => [condition.type, condition.status]));
}

/** Semantic equality, as equality.Semantic: `1` and `1000m` CPU are the same allocatable. */
function resourceListsEqual(a: Record<string, string>, b: Record<string, string>): boolean {
  const names = Object.keys(a);
  if (names.length !== Object.keys(b).length) return false;
  return names.every((name) => Object.hasOwn(b, name) && quantitiesEqual(a[name], b[name]));
}

function quantitiesEqual(a: string, b: string): boolean {
  try {
    return Quantity.fromJson(a).compare(Quantity.fromJson(b)) === 0;
  } catch {
    // An unparseable quantity is compared as written.
    return a === b;
  }
}
