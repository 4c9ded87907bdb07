// The status a kubelet reports for a pod whose containers all started and are ready, as
// kubemark's hollow kubelet reports it for containers that exist only in a fake runtime.
import type { Container, ContainerStatus, Pod, PodCondition, PodStatus } from 'kubernetes-types/core/v1.js';
import { HOLLOW_NODE_IP } from './node-object.js';

/** The runtime prefix of container IDs (as "containerd://"): these containers never ran. */
const RUNTIME = 'hollow';

/** Where the pod runs and when it started. */
export interface Placement {
  podIP: string;
  /** metav1.Time of the start. */
  now: string;
}

/** containerID as the runtime would name it: unique per pod and container. */
export const containerId = (podUid: string, containerName: string) => `${RUNTIME}://${podUid}/${containerName}`;

function runningContainer(pod: Pod, container: Container, now: string): ContainerStatus {
  return {
    name: container.name,
    state: { running: { startedAt: now } },
    lastState: {},
    ready: true,
    started: true,
    restartCount: 0,
    image: container.image ?? '',
    imageID: `${RUNTIME}://${container.image ?? ''}`,
    containerID: containerId(pod.metadata?.uid ?? '', container.name),
  };
}

/** An init container: run to completion, or still running if it is a sidecar (restartPolicy Always). */
function initContainer(pod: Pod, container: Container, now: string): ContainerStatus {
  if (container.restartPolicy === 'Always') return runningContainer(pod, container, now);
  const running = runningContainer(pod, container, now);
  return { ...running, state: { terminated: { exitCode: 0, reason: 'Completed', startedAt: now, finishedAt: now, containerID: running.containerID } }, started: false };
}

/** The kubelet's conditions in its order; PodScheduled keeps the scheduler's transition time. */
function runningConditions(pod: Pod, now: string): PodCondition[] {
  const scheduled = pod.status?.conditions?.find((c) => c.type === 'PodScheduled' && c.status === 'True');
  return [
    { type: 'PodReadyToStartContainers', status: 'True', lastTransitionTime: now },
    { type: 'Initialized', status: 'True', lastTransitionTime: now },
    { type: 'Ready', status: 'True', lastTransitionTime: now },
    { type: 'ContainersReady', status: 'True', lastTransitionTime: now },
    { type: 'PodScheduled', status: 'True', lastTransitionTime: scheduled?.lastTransitionTime ?? now },
  ];
}

export function runningPodStatus(pod: Pod, { podIP, now }: Placement): PodStatus {
  const initContainers = pod.spec?.initContainers ?? [];
  return {
    phase: 'Running',
    conditions: runningConditions(pod, now),
    hostIP: HOLLOW_NODE_IP,
    hostIPs: [{ ip: HOLLOW_NODE_IP }],
    podIP,
    podIPs: [{ ip: podIP }],
    startTime: now,
    ...(initContainers.length > 0 ? { initContainerStatuses: initContainers.map((c) => initContainer(pod, c, now)) } : {}),
    containerStatuses: (pod.spec?.containers ?? []).map((c) => runningContainer(pod, c, now)),
  };
}

/**
 * The strategic merge patch of pods/<name>/status that marks the pod running. It names the
 * pod's uid, as the kubelet's status manager does: Kubernetes refuses it for a namesake
 * created since (a uid cannot change).
 */
export function runningStatusPatch(pod: Pod, placement: Placement): { metadata: { uid: string }; status: PodStatus } {
  return { metadata: { uid: pod.metadata?.uid ?? '' }, status: runningPodStatus(pod, placement) };
}
