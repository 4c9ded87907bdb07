import { ContainerState, PodSandboxState } from '@kubeling/proto/cri';
import { rfc3339ToNanos } from './timestamps.js';

/** The part of `docker inspect`'s State the dockershim reads. */
export interface DockerState {
  Status?: string;
  Running?: boolean;
  OOMKilled?: boolean;
  ExitCode?: number;
  Error?: string;
  StartedAt?: string;
  FinishedAt?: string;
}

export interface MappedState {
  state: ContainerState;
  startedAt: bigint;
  finishedAt: bigint;
  exitCode: number;
  reason: string;
  message: string;
}

/** Docker's state word (list or inspect) as a CRI container state. */
export function containerStateOf(status: string | undefined): ContainerState {
  switch (status) {
    case 'created':
      return ContainerState.CONTAINER_CREATED;
    case 'running':
    case 'paused':
    case 'restarting':
      return ContainerState.CONTAINER_RUNNING;
    case 'exited':
    case 'dead':
      return ContainerState.CONTAINER_EXITED;
    default:
      return ContainerState.CONTAINER_UNKNOWN;
  }
}

/** Docker's running flag as a CRI sandbox state: only a running pause container is ready. */
export const sandboxStateOf = (status: string | undefined): PodSandboxState =>
  status === 'running' ? PodSandboxState.SANDBOX_READY : PodSandboxState.SANDBOX_NOTREADY;

/**
 * A container's CRI state, times, exit code and reason from `docker inspect`, as dockershim
 * did: "OOMKilled" when the OOM killer ended it, "Completed" / "Error" by exit code, and
 * "ContainerCannotRun" when it never started.
 */
export function mapContainerState(s: DockerState, createdAt: bigint): MappedState {
  const startedAt = rfc3339ToNanos(s.StartedAt);
  const finishedAt = rfc3339ToNanos(s.FinishedAt);
  const exitCode = s.ExitCode ?? 0;
  const message = s.Error ?? '';
  if (s.Running) return { state: ContainerState.CONTAINER_RUNNING, startedAt, finishedAt: 0n, exitCode: 0, reason: '', message: '' };
  if (finishedAt > 0n) {
    const reason = s.OOMKilled ? 'OOMKilled' : exitCode === 0 ? 'Completed' : 'Error';
    return { state: ContainerState.CONTAINER_EXITED, startedAt, finishedAt, exitCode, reason, message };
  }
  if (exitCode !== 0 || message) {
    return { state: ContainerState.CONTAINER_EXITED, startedAt, finishedAt: createdAt, exitCode: exitCode || 128, reason: 'ContainerCannotRun', message };
  }
  return { state: containerStateOf(s.Status), startedAt, finishedAt, exitCode: 0, reason: '', message: '' };
}
