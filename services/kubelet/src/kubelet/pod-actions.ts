// What a sync has to do to bring a pod's containers to its spec (kuberuntime_manager.go
// computePodActions, findNextInitContainerToRun, shouldContainerBeRestarted).
import type { Container, Pod } from 'kubernetes-types/core/v1.js';
import { ContainerState, PodSandboxState, type ContainerStatus as CriContainerStatus } from '@kubeling/proto/cri';
import { containerAttempts, isExited, isRunning, type RuntimePod } from './runtime-pod.js';

export interface ContainerToKill {
  id: string;
  name: string;
  /** Why, for the log and the event ("Container x failed liveness probe, will be restarted"). */
  message: string;
}

export interface PodActions {
  /** Stop every container and the sandbox (to make a new sandbox, or because the pod is done). */
  killPod: boolean;
  createSandbox: boolean;
  /** The sandbox to start containers in, when one is kept. */
  sandboxId?: string;
  /** The attempt of the sandbox to create: one more than the newest one's. */
  attempt: number;
  nextInitContainerToStart?: Container;
  containersToStart: Container[];
  containersToKill: ContainerToKill[];
}

/** Whether a running container must be killed (its liveness probe failed): the reason, or undefined. */
export type LivenessCheck = (containerName: string, containerId: string) => string | undefined;

const restartsOnFailure = (pod: Pod) => (pod.spec?.restartPolicy ?? 'Always') !== 'Never';

/** shouldContainerBeRestarted, for a container's newest attempt. */
export function shouldContainerBeRestarted(pod: Pod, latest: CriContainerStatus | undefined): boolean {
  if (latest === undefined) return true;
  if (isRunning(latest)) return false;
  if (!isExited(latest)) return true;
  const policy = pod.spec?.restartPolicy ?? 'Always';
  if (policy === 'Never') return false;
  return !(policy === 'OnFailure' && latest.exitCode === 0);
}

/** An init container that failed: exited non-zero, or in a state nobody knows. */
export const isInitContainerFailed = (s: CriContainerStatus) => (isExited(s) && s.exitCode !== 0) || s.state === ContainerState.CONTAINER_UNKNOWN;

interface InitProgress {
  done: boolean;
  next?: Container;
  /** The status of `next` when it is to run again because it failed. */
  failed?: CriContainerStatus;
}

/** findNextInitContainerToRun: init containers run one at a time, in order, each to success. */
export function nextInitContainer(pod: Pod, runtime: RuntimePod): InitProgress {
  const init = pod.spec?.initContainers ?? [];
  if (init.length === 0) return { done: true };
  if (pod.spec!.containers.some((c) => isRunning(containerAttempts(runtime, c.name)[0]))) return { done: true };
  const latest = init.map((c) => containerAttempts(runtime, c.name)[0]);
  for (let i = init.length - 1; i >= 0; i--) {
    const s = latest[i];
    if (s && isInitContainerFailed(s)) return { done: false, next: init[i], failed: s };
  }
  for (let i = init.length - 1; i >= 0; i--) {
    const s = latest[i];
    if (s === undefined) continue;
    if (isRunning(s)) return { done: false };
    if (isExited(s)) return i === init.length - 1 ? { done: true } : { done: false, next: init[i + 1] };
  }
  return { done: false, next: init[0] };
}

/** podSandboxChanged: a new sandbox when there is none, the newest is not ready, or it has no IP. */
function sandboxChange(runtime: RuntimePod): { create: boolean; attempt: number; sandboxId?: string } {
  const newest = runtime.sandboxes[0];
  if (newest === undefined) return { create: true, attempt: 0 };
  const attempt = (newest.metadata?.attempt ?? 0) + 1;
  if (newest.state !== PodSandboxState.SANDBOX_READY || !newest.network?.ip) return { create: true, attempt, sandboxId: newest.id };
  return { create: false, attempt: newest.metadata?.attempt ?? 0, sandboxId: newest.id };
}

export function computePodActions(pod: Pod, runtime: RuntimePod, liveness: LivenessCheck): PodActions {
  const sandbox = sandboxChange(runtime);
  const actions: PodActions = { killPod: sandbox.create, createSandbox: sandbox.create, sandboxId: sandbox.sandboxId, attempt: sandbox.attempt, containersToStart: [], containersToKill: [] };
  const containers = pod.spec?.containers ?? [];
  if (sandbox.create) {
    // A pod that must not restart and already ran stays down when its sandbox died.
    if (!restartsOnFailure(pod) && sandbox.attempt !== 0 && runtime.containers.length > 0) return { ...actions, createSandbox: false };
    const init = pod.spec?.initContainers ?? [];
    if (init.length > 0) return { ...actions, nextInitContainerToStart: init[0] };
    actions.containersToStart = containers.filter((c) => {
      const latest = containerAttempts(runtime, c.name)[0];
      return !(pod.spec?.restartPolicy === 'OnFailure' && isExited(latest) && latest!.exitCode === 0);
    });
    // Every container succeeded and none restarts: no sandbox to make for nothing.
    if (actions.containersToStart.length === 0) actions.createSandbox = false;
    return actions;
  }
  const init = nextInitContainer(pod, runtime);
  if (!init.done) {
    if (init.next !== undefined) {
      if (init.failed && !restartsOnFailure(pod)) actions.killPod = true;
      else actions.nextInitContainerToStart = init.next;
    }
    return actions;
  }
  let keep = 0;
  for (const c of containers) {
    const latest = containerAttempts(runtime, c.name)[0];
    if (!isRunning(latest)) {
      if (shouldContainerBeRestarted(pod, latest)) actions.containersToStart.push(c);
      continue;
    }
    const killReason = liveness(c.name, latest!.id);
    if (killReason === undefined) {
      keep++;
      continue;
    }
    actions.containersToKill.push({ id: latest!.id, name: c.name, message: killReason });
    if (restartsOnFailure(pod)) actions.containersToStart.push(c);
  }
  // Nothing runs and nothing is to start: the pod is done, its sandbox goes too.
  if (keep === 0 && actions.containersToStart.length === 0) actions.killPod = true;
  return actions;
}
