// The v1.PodStatus a kubelet reports for a pod from what its runtime holds
// (kubelet_pods.go generateAPIPodStatus, convertToAPIContainerStatuses, getPhase, and
// status/generate.go for the conditions).
import type { Container, ContainerState as ApiContainerState, ContainerStatus, Pod, PodCondition, PodStatus } from 'kubernetes-types/core/v1.js';
import type { ContainerStatus as CriContainerStatus } from '@kubeling/proto/cri';
import { apiContainerId, containerAttempts, criTime, isExited, isRunning, readySandbox, type RuntimePod } from './runtime-pod.js';

/** Why a container is waiting, as the kubelet's reason cache keeps the last sync error of each. */
export interface WaitingReason {
  reason: string;
  message: string;
}

export interface PodStatusInput {
  pod: Pod;
  runtime: RuntimePod;
  /** By container name: the reason its last start failed or was put off (ErrImagePull, CrashLoopBackOff, ...). */
  waiting: ReadonlyMap<string, WaitingReason>;
  /** Whether a running container passed its startup probe (true when it has none). */
  isStarted(containerName: string): boolean;
  /** The readiness of a running, started container (its readiness probe's; true when it has none). */
  isReady(containerName: string): boolean;
  hostIP: string;
  /** metav1.Time of now, for new transitions. */
  now: string;
}

export const CONTAINER_CREATING = 'ContainerCreating';
export const POD_INITIALIZING = 'PodInitializing';

function terminatedState(c: CriContainerStatus): ApiContainerState {
  const exitCode = c.exitCode;
  return {
    terminated: {
      exitCode,
      reason: c.reason || (exitCode === 0 ? 'Completed' : 'Error'),
      ...(c.message ? { message: c.message } : {}),
      startedAt: criTime(c.startedAt),
      finishedAt: criTime(c.finishedAt),
      containerID: apiContainerId(c.id),
    },
  };
}

/** One container's status from its attempts (newest first), as convertToAPIContainerStatuses. */
export function containerStatus(spec: Container, attempts: CriContainerStatus[], defaultReason: string, waiting: WaitingReason | undefined, probes: Pick<PodStatusInput, 'isStarted' | 'isReady'>): ContainerStatus {
  const [latest, previous] = attempts;
  const status: ContainerStatus = { name: spec.name, image: spec.image ?? '', imageID: '', ready: false, restartCount: 0, started: false, state: { waiting: { reason: defaultReason } }, lastState: {} };
  if (latest === undefined) {
    if (waiting) status.state = { waiting: { ...waiting } };
    return status;
  }
  status.containerID = apiContainerId(latest.id);
  status.imageID = latest.imageRef || latest.imageId;
  status.restartCount = latest.metadata?.attempt ?? 0;
  const lastExited = isExited(previous) ? terminatedState(previous!) : {};
  if (isRunning(latest)) {
    status.state = { running: { startedAt: criTime(latest.startedAt) } };
    status.lastState = lastExited;
    status.started = probes.isStarted(spec.name);
    status.ready = status.started && probes.isReady(spec.name);
  } else if (isExited(latest)) {
    // An exited container the kubelet will start again is waiting (CrashLoopBackOff, ...), its exit the last state.
    status.state = waiting ? { waiting: { ...waiting } } : terminatedState(latest);
    status.lastState = waiting ? terminatedState(latest) : lastExited;
  } else {
    status.state = { waiting: waiting ? { ...waiting } : { reason: defaultReason } };
    status.lastState = lastExited;
  }
  return status;
}

function containerStatuses(input: PodStatusInput, containers: Container[]): ContainerStatus[] {
  const defaultReason = (input.pod.spec?.initContainers ?? []).length > 0 ? POD_INITIALIZING : CONTAINER_CREATING;
  return containers.map((spec) => containerStatus(spec, containerAttempts(input.runtime, spec.name), defaultReason, input.waiting.get(spec.name), input));
}

/** A regular init container that completed is ready (it has done its part). */
function initContainerStatuses(input: PodStatusInput): ContainerStatus[] {
  return containerStatuses(input, input.pod.spec?.initContainers ?? []).map((s) => (s.state?.terminated?.exitCode === 0 ? { ...s, ready: true } : s));
}

const find = (statuses: ContainerStatus[], name: string) => statuses.find((s) => s.name === name);

/** kubelet_pods.go getPhase (sidecar init containers aside). */
export function podPhase(pod: Pod, init: ContainerStatus[], app: ContainerStatus[]): string {
  const spec = pod.spec!;
  let pendingInit = 0;
  let failedInit = 0;
  for (const c of spec.initContainers ?? []) {
    const s = find(init, c.name);
    if (s?.state?.terminated) {
      if (s.state.terminated.exitCode !== 0) failedInit++;
    } else if (s?.state?.waiting && s.lastState?.terminated) {
      if (s.lastState.terminated.exitCode !== 0) failedInit++;
    } else {
      pendingInit++;
    }
  }
  let unknown = 0;
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let succeeded = 0;
  for (const c of spec.containers) {
    const s = find(app, c.name);
    if (s?.state?.running) running++;
    else if (s?.state?.terminated) {
      stopped++;
      if (s.state.terminated.exitCode === 0) succeeded++;
    } else if (s?.state?.waiting) {
      if (s.lastState?.terminated) stopped++;
      else waiting++;
    } else unknown++;
  }
  const restartPolicy = spec.restartPolicy ?? 'Always';
  if (failedInit > 0 && restartPolicy === 'Never') return 'Failed';
  if (pendingInit > 0 || waiting > 0) return 'Pending';
  if (running > 0 && unknown === 0) return 'Running';
  if (running === 0 && stopped > 0 && unknown === 0) {
    if (restartPolicy === 'Always') return 'Running';
    if (stopped === succeeded) return 'Succeeded';
    if (restartPolicy === 'Never') return 'Failed';
    return 'Running';
  }
  return 'Pending';
}

const isTerminal = (phase: string | undefined) => phase === 'Succeeded' || phase === 'Failed';

interface ConditionValue {
  status: 'True' | 'False';
  reason?: string;
  message?: string;
}

const trueCondition: ConditionValue = { status: 'True' };

/** Initialized (GeneratePodInitializedCondition): every init container exited 0, or an app container already started. */
function initializedCondition(pod: Pod, init: ContainerStatus[], app: ContainerStatus[]): ConditionValue {
  if (app.some((s) => s.state?.running || s.state?.terminated || s.lastState?.terminated)) return trueCondition;
  const incomplete = (pod.spec?.initContainers ?? []).filter((c) => find(init, c.name)?.state?.terminated?.exitCode !== 0).map((c) => c.name);
  if (incomplete.length === 0) return trueCondition;
  return { status: 'False', reason: 'ContainersNotInitialized', message: `containers with incomplete status: [${incomplete.join(' ')}]` };
}

/** ContainersReady (GenerateContainersReadyCondition). */
function containersReadyCondition(pod: Pod, app: ContainerStatus[], phase: string): ConditionValue {
  const unknown = pod.spec!.containers.filter((c) => find(app, c.name) === undefined).map((c) => c.name);
  const unready = pod.spec!.containers.filter((c) => find(app, c.name)?.ready === false).map((c) => c.name);
  if (phase === 'Succeeded' && unknown.length === 0) return { status: 'False', reason: 'PodCompleted' };
  const messages = [...(unknown.length > 0 ? [`containers with unknown status: [${unknown.join(' ')}]`] : []), ...(unready.length > 0 ? [`containers with unready status: [${unready.join(' ')}]`] : [])];
  return messages.length === 0 ? trueCondition : { status: 'False', reason: 'ContainersNotReady', message: messages.join(', ') };
}

/** Ready (GeneratePodReadyCondition): the containers ready, and every readiness gate's condition True. */
function readyCondition(pod: Pod, containersReady: ConditionValue): ConditionValue {
  if (containersReady.status !== 'True') return containersReady;
  const unmet = (pod.spec?.readinessGates ?? []).flatMap((gate) => {
    const c = pod.status?.conditions?.find((cond) => cond.type === gate.conditionType);
    if (c === undefined) return [`corresponding condition of pod readiness gate "${gate.conditionType}" does not exist.`];
    return c.status === 'True' ? [] : [`the status of pod readiness gate "${gate.conditionType}" is not "True", but ${c.status}`];
  });
  return unmet.length === 0 ? trueCondition : { status: 'False', reason: 'ReadinessGatesNotReady', message: unmet.join(', ') };
}

/** A condition keeping its lastTransitionTime while its status stays. */
function condition(pod: Pod, type: string, value: ConditionValue, now: string): PodCondition {
  const old = pod.status?.conditions?.find((c) => c.type === type);
  return {
    type,
    status: value.status,
    lastTransitionTime: old?.status === value.status && old.lastTransitionTime ? old.lastTransitionTime : now,
    ...(value.reason ? { reason: value.reason } : {}),
    ...(value.message ? { message: value.message } : {}),
  };
}

/** generateAPIPodStatus: the whole status the status manager then writes. */
export function generatePodStatus(input: PodStatusInput): PodStatus {
  const { pod, now } = input;
  const old = pod.status ?? {};
  const init = initContainerStatuses(input);
  const app = containerStatuses(input, pod.spec?.containers ?? []);
  // A pod never leaves a terminal phase (the status manager refuses the transition).
  const phase = isTerminal(old.phase) ? old.phase! : podPhase(pod, init, app);
  const sandbox = readySandbox(input.runtime);
  const ip = sandbox?.network?.ip || old.podIP;
  const containersReady = containersReadyCondition(pod, app, phase);
  const scheduled = old.conditions?.find((c) => c.type === 'PodScheduled');
  const conditions = [
    condition(pod, 'PodReadyToStartContainers', sandbox && sandbox.network?.ip ? trueCondition : { status: 'False' }, now),
    condition(pod, 'Initialized', initializedCondition(pod, init, app), now),
    condition(pod, 'Ready', readyCondition(pod, containersReady), now),
    condition(pod, 'ContainersReady', containersReady, now),
    scheduled ?? condition(pod, 'PodScheduled', trueCondition, now),
    // Conditions of others (readiness gates', DisruptionTarget) stay as they are.
    ...(old.conditions ?? []).filter((c) => !KUBELET_CONDITIONS.has(c.type)),
  ];
  return {
    phase,
    conditions,
    hostIP: input.hostIP,
    hostIPs: [{ ip: input.hostIP }],
    ...(ip ? { podIP: ip, podIPs: [{ ip }] } : {}),
    startTime: old.startTime ?? now,
    ...(old.qosClass ? { qosClass: old.qosClass } : {}),
    ...(init.length > 0 ? { initContainerStatuses: init } : {}),
    containerStatuses: app,
  };
}

const KUBELET_CONDITIONS = new Set(['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled']);
