// What the runtime holds of one pod (kubecontainer.PodStatus): its sandboxes and its
// containers' CRI statuses, newest first, and how to read them.
import { ContainerState, PodSandboxState, type ContainerStatus as CriContainerStatus, type PodSandboxStatus } from '@kubeling/proto/cri';
import { rfc3339 } from '@kubeling/api/meta-time';

export interface RuntimePod {
  /** Newest first. */
  sandboxes: PodSandboxStatus[];
  /** Every container of every sandbox of the pod, newest first. */
  containers: CriContainerStatus[];
}

export const EMPTY_RUNTIME_POD: RuntimePod = { sandboxes: [], containers: [] };

/** The pod's current sandbox: the newest, if it is ready. */
export function readySandbox(pod: RuntimePod): PodSandboxStatus | undefined {
  const newest = pod.sandboxes[0];
  return newest?.state === PodSandboxState.SANDBOX_READY ? newest : undefined;
}

/** The statuses of the containers named `name`, newest first (the latest attempt first). */
export function containerAttempts(pod: RuntimePod, name: string): CriContainerStatus[] {
  return pod.containers.filter((c) => c.metadata?.name === name);
}

export const isRunning = (c: CriContainerStatus | undefined) => c?.state === ContainerState.CONTAINER_RUNNING;
export const isExited = (c: CriContainerStatus | undefined) => c?.state === ContainerState.CONTAINER_EXITED;

/** A CRI time (nanoseconds since the epoch) as metav1.Time; undefined for 0 (not set). */
export function criTime(nanos: bigint): string | undefined {
  return nanos > 0n ? rfc3339(new Date(Number(nanos / 1_000_000n))) : undefined;
}

export const criMs = (nanos: bigint) => Number(nanos / 1_000_000n);

/** Newest first: by creation time, then attempt. */
export function newestFirst<T extends { createdAt: bigint; metadata?: { attempt: number } }>(items: T[]): T[] {
  return [...items].sort((a, b) => (a.createdAt === b.createdAt ? (b.metadata?.attempt ?? 0) - (a.metadata?.attempt ?? 0) : a.createdAt < b.createdAt ? 1 : -1));
}

/** containerID as the API shows it: the runtime's scheme and id. */
export const apiContainerId = (id: string) => `docker://${id}`;
