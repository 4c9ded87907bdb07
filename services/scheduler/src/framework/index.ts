// What the scheduler loop uses: configuration, the in-tree plugins, one framework per profile,
// snapshots, the scheduling algorithm and its outcomes, and the cluster events for requeueing.
export { ConfigError, defaultKubeSchedulerConfiguration, loadKubeSchedulerConfiguration } from './config/load.js';
export { DEFAULT_SCHEDULER_NAME, type KubeSchedulerConfiguration, type Profile } from './config/types.js';
export { CycleState } from './cycle-state.js';
export { ActionType, type ClusterEvent, type GVK } from './events.js';
export { Diagnosis, FitError } from './fit-error.js';
export { Framework } from './framework.js';
export type { ClusterListers, Handle, Plugin } from './interface.js';
export { NodeInfo } from './node-info.js';
export { newProfiles } from './profiles.js';
export { Registry, type PluginRegistration } from './registry.js';
export { NO_NODES_AVAILABLE, SchedulingAlgorithm, type ScheduleResult } from './schedule-pod.js';
export { Snapshot } from './snapshot.js';
export { Status, type Code } from './status.js';
export { inTreeRegistry } from '../plugins/registry.js';
