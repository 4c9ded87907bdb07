import type { Container, ContainerState, ContainerStatus, Pod, PodStatus } from 'kubernetes-types/core/v1.js';
import { humanDuration } from './human-duration.js';

/** The READY, STATUS and RESTARTS cells of a pod, computed as printers.go printPod does. */
export interface PodSummary {
  ready: string;
  status: string;
  restarts: string;
}

/** Restart count and the latest time a container last terminated (undefined: never). */
interface Restarts {
  count: number;
  last: number | undefined;
}

const NONE: Restarts = { count: 0, last: undefined };
/** node.NodeUnreachablePodReason: the node controller's reason for pods on a lost node. */
const NODE_LOST = 'NodeLost';

export function podSummary(pod: Pod, now: Date): PodSummary {
  const status = pod.status ?? {};
  const init = initContainersState(pod);
  let reason = init.reason ?? scheduledReason(status);
  let ready = init.ready;
  let restarts = init.restarts;
  if (init.reason === undefined || isInitialized(status)) {
    const app = appContainersState(status.containerStatuses ?? [], reason, status);
    reason = app.reason;
    ready += app.ready;
    restarts = addRestarts(init.restartableRestarts, app.restarts);
  }
  return {
    ready: `${ready}/${totalContainers(pod)}`,
    status: deletionReason(pod) ?? reason,
    restarts: restartsCell(restarts, now),
  };
}

/** The phase, or the pod's own reason, or SchedulingGated while a scheduling gate holds it. */
function scheduledReason(status: PodStatus): string {
  const gated = (status.conditions ?? []).some((c) => c.type === 'PodScheduled' && c.reason === 'SchedulingGated');
  if (gated) return 'SchedulingGated';
  return status.reason || status.phase || '';
}

/** Sidecars (init containers with restartPolicy Always) count as containers of the pod. */
function totalContainers(pod: Pod): number {
  const sidecars = (pod.spec?.initContainers ?? []).filter(isRestartable).length;
  return (pod.spec?.containers ?? []).length + sidecars;
}

function isRestartable(container: Container | undefined): boolean {
  return container?.restartPolicy === 'Always';
}

function isInitialized(status: PodStatus): boolean {
  const condition = (status.conditions ?? []).find((c) => c.type === 'Initialized');
  return condition?.status === 'True';
}

interface InitState {
  /** Set while initialization is unfinished or failed ("Init:1/2", "Init:Error", ...). */
  reason: string | undefined;
  ready: number;
  restarts: Restarts;
  restartableRestarts: Restarts;
}

/** Walks init container statuses up to the first one that has not completed, as printPod does. */
function initContainersState(pod: Pod): InitState {
  const specs = pod.spec?.initContainers ?? [];
  const byName = new Map(specs.map((c) => [c.name, c]));
  const state: InitState = { reason: undefined, ready: 0, restarts: NONE, restartableRestarts: NONE };
  for (const [index, container] of (pod.status?.initContainerStatuses ?? []).entries()) {
    const restartable = isRestartable(byName.get(container.name));
    state.restarts = addRestarts(state.restarts, restartsOf(container));
    if (restartable) state.restartableRestarts = addRestarts(state.restartableRestarts, restartsOf(container));
    if (container.state?.terminated?.exitCode === 0) continue;
    if (restartable && container.started) {
      if (container.ready) state.ready++;
      continue;
    }
    state.reason = initReason(container.state ?? {}, index, specs.length);
    break;
  }
  return state;
}

function initReason(state: ContainerState, index: number, count: number): string {
  const { terminated, waiting } = state;
  if (terminated) return `Init:${terminated.reason || exitReason(terminated.signal, terminated.exitCode)}`;
  if (waiting?.reason && waiting.reason !== 'PodInitializing') return `Init:${waiting.reason}`;
  return `Init:${index}/${count}`;
}

function exitReason(signal: number | undefined, exitCode: number): string {
  return signal ? `Signal:${signal}` : `ExitCode:${exitCode}`;
}

interface AppState {
  reason: string;
  ready: number;
  restarts: Restarts;
}

/**
 * App containers, walked last to first so that the first container with a waiting or
 * terminated reason names the pod's status.
 */
function appContainersState(statuses: ContainerStatus[], phaseReason: string, status: PodStatus): AppState {
  const state: AppState = { reason: phaseReason, ready: 0, restarts: NONE };
  let hasRunning = false;
  for (const container of [...statuses].reverse()) {
    state.restarts = addRestarts(state.restarts, restartsOf(container));
    const { waiting, terminated, running } = container.state ?? {};
    if (waiting?.reason) state.reason = waiting.reason;
    else if (terminated) state.reason = terminated.reason || exitReason(terminated.signal, terminated.exitCode);
    else if (container.ready && running) {
      hasRunning = true;
      state.ready++;
    }
  }
  // A pod whose other containers completed is still Running while one of them runs.
  if (state.reason === 'Completed' && hasRunning) state.reason = hasReadyCondition(status) ? 'Running' : 'NotReady';
  return state;
}

function hasReadyCondition(status: PodStatus): boolean {
  return (status.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

/** Terminating while being deleted, Unknown when deleted off a lost node; undefined otherwise. */
function deletionReason(pod: Pod): string | undefined {
  if (!pod.metadata?.deletionTimestamp) return undefined;
  if (pod.status?.reason === NODE_LOST) return 'Unknown';
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed' ? undefined : 'Terminating';
}

function restartsOf(container: ContainerStatus): Restarts {
  const finishedAt = container.lastState?.terminated?.finishedAt;
  const last = finishedAt ? Date.parse(finishedAt) : undefined;
  return { count: container.restartCount ?? 0, last: Number.isNaN(last) ? undefined : last };
}

function addRestarts(a: Restarts, b: Restarts): Restarts {
  const last = a.last === undefined ? b.last : b.last === undefined ? a.last : Math.max(a.last, b.last);
  return { count: a.count + b.count, last };
}

/** "3", or "3 (5m ago)" once a restart has a known time. */
function restartsCell(restarts: Restarts, now: Date): string {
  if (restarts.count === 0 || restarts.last === undefined) return String(restarts.count);
  return `${restarts.count} (${humanDuration(now.getTime() - restarts.last)} ago)`;
}
