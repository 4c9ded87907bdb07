// Pod and container security contexts as CRI security settings (kuberuntime
// determineEffectiveSecurityContext, NamespacesForPod), the subset Kubeling's runtime applies.
import type { Container, Pod, PodSecurityContext, SecurityContext } from 'kubernetes-types/core/v1.js';
import { type Int64Value, type LinuxContainerSecurityContext, NamespaceMode, type NamespaceOption } from '@kubeling/proto/cri';
import { CreateContainerConfigError } from './errors.js';

const int64Value = (value: number | undefined): Int64Value | undefined => (value === undefined ? undefined : { value: BigInt(value) });

/** runtimeutil.NamespacesForPod: which Linux namespaces the pod shares with the node. */
export function namespacesForPod(pod: Pod): NamespaceOption {
  const spec = pod.spec;
  const pid = spec?.hostPID ? NamespaceMode.NODE : spec?.shareProcessNamespace ? NamespaceMode.POD : NamespaceMode.CONTAINER;
  return {
    network: spec?.hostNetwork ? NamespaceMode.NODE : NamespaceMode.POD,
    pid,
    ipc: spec?.hostIPC ? NamespaceMode.NODE : NamespaceMode.POD,
    targetId: '',
  };
}

/** fsGroup first, then the supplemental groups (convertToRuntimeSecurityContext). */
export function supplementalGroups(podContext: PodSecurityContext | undefined): bigint[] {
  const groups = podContext?.fsGroup === undefined ? [] : [podContext.fsGroup];
  return [...groups, ...(podContext?.supplementalGroups ?? [])].map(BigInt);
}

/** The container's settings over the pod's (securitycontext.DetermineEffectiveSecurityContext). */
function effectiveSecurityContext(pod: Pod, container: Container): SecurityContext {
  const podContext = pod.spec?.securityContext ?? {};
  const own = container.securityContext ?? {};
  return {
    ...own,
    runAsUser: own.runAsUser ?? podContext.runAsUser,
    runAsGroup: own.runAsGroup ?? podContext.runAsGroup,
    runAsNonRoot: own.runAsNonRoot ?? podContext.runAsNonRoot,
  };
}

/** format.Pod: how the kubelet names a pod in messages. */
const podDescription = (pod: Pod) => `${pod.metadata?.name ?? ''}_${pod.metadata?.namespace ?? ''}(${pod.metadata?.uid ?? ''})`;

export function linuxContainerSecurityContext(pod: Pod, container: Container): LinuxContainerSecurityContext {
  const effective = effectiveSecurityContext(pod, container);
  // verifyRunAsNonRoot for an explicit uid; a root image user is the runtime's to refuse.
  if (effective.runAsNonRoot && effective.runAsUser === 0) {
    throw new CreateContainerConfigError(`container's runAsUser breaks non-root policy (pod: "${podDescription(pod)}", container: ${container.name})`);
  }
  return {
    privileged: effective.privileged ?? false,
    namespaceOptions: namespacesForPod(pod),
    runAsUser: int64Value(effective.runAsUser),
    runAsUsername: '',
    readonlyRootfs: effective.readOnlyRootFilesystem ?? false,
    supplementalGroups: supplementalGroups(pod.spec?.securityContext),
    runAsGroup: int64Value(effective.runAsGroup),
  };
}
