// The labels and annotations the kubelet puts on sandboxes and containers (kuberuntime labels.go),
// by which it finds them again in the runtime and recovers what it needs after a restart.
import type { Container, Pod } from 'kubernetes-types/core/v1.js';

export const POD_NAME_LABEL = 'io.kubernetes.pod.name';
export const POD_NAMESPACE_LABEL = 'io.kubernetes.pod.namespace';
export const POD_UID_LABEL = 'io.kubernetes.pod.uid';
export const CONTAINER_NAME_LABEL = 'io.kubernetes.container.name';

export const CONTAINER_HASH_ANNOTATION = 'io.kubernetes.container.hash';
export const CONTAINER_RESTART_COUNT_ANNOTATION = 'io.kubernetes.container.restartCount';
export const TERMINATION_MESSAGE_PATH_ANNOTATION = 'io.kubernetes.container.terminationMessagePath';
export const TERMINATION_MESSAGE_POLICY_ANNOTATION = 'io.kubernetes.container.terminationMessagePolicy';
export const PRE_STOP_HANDLER_ANNOTATION = 'io.kubernetes.container.preStopHandler';
export const CONTAINER_PORTS_ANNOTATION = 'io.kubernetes.container.ports';
export const POD_DELETION_GRACE_PERIOD_ANNOTATION = 'io.kubernetes.pod.deletionGracePeriod';
export const POD_TERMINATION_GRACE_PERIOD_ANNOTATION = 'io.kubernetes.pod.terminationGracePeriod';

function podIdentity(pod: Pod): Record<string, string> {
  return {
    [POD_NAME_LABEL]: pod.metadata?.name ?? '',
    [POD_NAMESPACE_LABEL]: pod.metadata?.namespace ?? '',
    [POD_UID_LABEL]: pod.metadata?.uid ?? '',
  };
}

/** newPodLabels: the pod's labels plus its identity. */
export const sandboxLabels = (pod: Pod): Record<string, string> => ({ ...(pod.metadata?.labels ?? {}), ...podIdentity(pod) });

/** newContainerLabels. */
export const containerLabels = (pod: Pod, container: Container): Record<string, string> => ({ ...podIdentity(pod), [CONTAINER_NAME_LABEL]: container.name });

/** FNV-1a, 32 bits, as kubecontainer.HashContainer uses. */
function fnv32a(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(text, 'utf8')) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return hash;
}

/** kubecontainer.HashContainer: changes when the fields whose change restarts the container change (name, image). */
export const hashContainer = (container: Container): string => fnv32a(JSON.stringify({ image: container.image ?? '', name: container.name })).toString(16);

/** newContainerAnnotations. */
export function containerAnnotations(pod: Pod, container: Container, restartCount: number): Record<string, string> {
  const annotations: Record<string, string> = {
    [CONTAINER_HASH_ANNOTATION]: hashContainer(container),
    [CONTAINER_RESTART_COUNT_ANNOTATION]: String(restartCount),
    [TERMINATION_MESSAGE_PATH_ANNOTATION]: container.terminationMessagePath ?? '',
    [TERMINATION_MESSAGE_POLICY_ANNOTATION]: container.terminationMessagePolicy ?? '',
  };
  const deletionGrace = pod.metadata?.deletionGracePeriodSeconds;
  if (deletionGrace !== undefined) annotations[POD_DELETION_GRACE_PERIOD_ANNOTATION] = String(deletionGrace);
  const terminationGrace = pod.spec?.terminationGracePeriodSeconds;
  if (terminationGrace !== undefined) annotations[POD_TERMINATION_GRACE_PERIOD_ANNOTATION] = String(terminationGrace);
  if (container.lifecycle?.preStop) annotations[PRE_STOP_HANDLER_ANNOTATION] = JSON.stringify(container.lifecycle.preStop);
  if (container.ports?.length) annotations[CONTAINER_PORTS_ANNOTATION] = JSON.stringify(container.ports);
  return annotations;
}
