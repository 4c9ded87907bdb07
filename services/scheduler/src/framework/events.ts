// Cluster events (framework.ClusterEvent): what changed in the cluster. Plugins register the
// ones that may make a pod they rejected schedulable (EventsToRegister), and the scheduling
// queue retries a pod only on those. Bit values are kube-scheduler's.

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
