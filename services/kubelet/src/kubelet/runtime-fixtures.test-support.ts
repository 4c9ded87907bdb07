// CRI statuses for unit tests: a pod's sandbox and container attempts as a runtime reports them.
import { ContainerState, PodSandboxState, type ContainerStatus as CriContainerStatus, type PodSandboxStatus } from '@kubeling/proto/cri';
import type { Pod } from 'kubernetes-types/core/v1.js';

const SECOND = 1_000_000_000n;
export const T0 = BigInt(Date.parse('2026-12-02T14:00:00Z')) * 1_000_000n;

export function sandbox(id: string, ready = true, attempt = 0): PodSandboxStatus {
  return {
    id,
    metadata: { name: 'p', uid: 'uid-1', namespace: 'default', attempt },
    state: ready ? PodSandboxState.SANDBOX_READY : PodSandboxState.SANDBOX_NOTREADY,
    createdAt: T0 + BigInt(attempt) * SECOND,
    network: { ip: ready ? '10.244.1.5' : '', additionalIps: [] },
    labels: {},
    annotations: {},
    runtimeHandler: '',
  };
}

type State = 'running' | 'created' | { exitCode: number };

/** Attempt `attempt` of container `name`, started `attempt * 10` s after T0. */
export function container(name: string, attempt: number, state: State): CriContainerStatus {
  const started = T0 + BigInt(attempt * 10) * SECOND;
  const exited = typeof state === 'object';
  return {
    id: `${name}-${attempt}`,
    metadata: { name, attempt },
    state: state === 'running' ? ContainerState.CONTAINER_RUNNING : state === 'created' ? ContainerState.CONTAINER_CREATED : ContainerState.CONTAINER_EXITED,
    createdAt: started,
    startedAt: state === 'created' ? 0n : started,
    finishedAt: exited ? started + 5n * SECOND : 0n,
    exitCode: exited ? state.exitCode : 0,
    image: { image: 'kubeling/busybox:1', annotations: {}, userSpecifiedImage: '' },
    imageRef: 'sha256:abc',
    reason: '',
    message: '',
    labels: {},
    annotations: {},
    mounts: [],
    logPath: '',
    imageId: '',
  };
}

export function pod(spec: Partial<NonNullable<Pod['spec']>> = {}, status: Pod['status'] = {}): Pod {
  return {
    metadata: { name: 'p', namespace: 'default', uid: 'uid-1' },
    spec: { containers: [{ name: 'app', image: 'kubeling/busybox:1' }], ...spec },
    status,
  };
}
