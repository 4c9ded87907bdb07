import { isDeepStrictEqual } from 'node:util';
import type { Node, NodeCondition } from 'kubernetes-types/core/v1.js';
import { Quantity } from '@kubeling/api/validation/quantity';

/** The kind of object an event is about (framework.GVK); `*` stands for any. */
export type GVK =
  | 'Pod'
  | 'Node'
  | 'PersistentVolume'
  | 'PersistentVolumeClaim'
  | 'StorageClass'
  | 'CSINode'
  | 'CSIDriver'
  | 'CSIStorageCapacity'
  | '*';

export const WildCard = '*';

/**
 * What happened to the object (framework.ActionType). Bits, so that a plugin registers several
 * actions in one event and a node update that is several things at once is one value.
 */
export enum ActionType {
  Add = 1 << 0,
  Delete = 1 << 1,
  // The UpdateNode* actions apply to Node events only, the UpdatePod* ones to Pod events.
  UpdateNodeAllocatable = 1 << 2,
  UpdateNodeLabel = 1 << 3,
  UpdateNodeTaint = 1 << 4,
  UpdateNodeCondition = 1 << 5,
  UpdateNodeAnnotation = 1 << 6,
  UpdatePodLabel = 1 << 7,
  /** A resource request went down. */
  UpdatePodScaleDown = 1 << 8,
  /** Tolerations were added; the API allows no other change to them. */
  UpdatePodTolerations = 1 << 9,
  All = (1 << 10) - 1,
  /** Any update, for a plugin that does not care which part changed. */
  Update = All & ~(Add | Delete),
}

/** A change in the cluster that may make a pod schedulable (framework.ClusterEvent). */
export interface ClusterEvent {
  resource: GVK;
  actionType: ActionType;
  /** A name for logs; the events plugins register need none. */
  label?: string;
}

export const WildCardEvent: ClusterEvent = { resource: WildCard, actionType: ActionType.All, label: 'WildCardEvent' };
/** A pod stayed unschedulable longer than podMaxInUnschedulablePodsDuration; it is retried whatever rejected it. */
export const UnschedulableTimeout: ClusterEvent = { resource: WildCard, actionType: ActionType.All, label: 'UnschedulableTimeout' };
export const AssignedPodAdd: ClusterEvent = { resource: 'Pod', actionType: ActionType.Add, label: 'AssignedPodAdd' };
export const AssignedPodUpdate: ClusterEvent = { resource: 'Pod', actionType: ActionType.Update, label: 'AssignedPodUpdate' };
export const AssignedPodDelete: ClusterEvent = { resource: 'Pod', actionType: ActionType.Delete, label: 'AssignedPodDelete' };
export const NodeAdd: ClusterEvent = { resource: 'Node', actionType: ActionType.Add, label: 'NodeAdd' };
/** spec.unschedulable cleared: it acts as the node.kubernetes.io/unschedulable taint, hence a taint update. */
export const NodeSpecUnschedulableChange: ClusterEvent = { resource: 'Node', actionType: ActionType.UpdateNodeTaint, label: 'NodeSpecUnschedulableChange' };
export const NodeAllocatableChange: ClusterEvent = { resource: 'Node', actionType: ActionType.UpdateNodeAllocatable, label: 'NodeAllocatableChange' };
export const NodeLabelChange: ClusterEvent = { resource: 'Node', actionType: ActionType.UpdateNodeLabel, label: 'NodeLabelChange' };
export const NodeAnnotationChange: ClusterEvent = { resource: 'Node', actionType: ActionType.UpdateNodeAnnotation, label: 'NodeAnnotationChange' };
export const NodeTaintChange: ClusterEvent = { resource: 'Node', actionType: ActionType.UpdateNodeTaint, label: 'NodeTaintChange' };
export const NodeConditionChange: ClusterEvent = { resource: 'Node', actionType: ActionType.UpdateNodeCondition, label: 'NodeConditionChange' };

export function isWildCard(event: ClusterEvent): boolean {
  return event.resource === WildCard && event.actionType === ActionType.All;
}

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
