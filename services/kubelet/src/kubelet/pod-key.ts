// How the kubelet names a pod in logs and messages.
import type { Pod } from 'kubernetes-types/core/v1.js';

/** namespace/name: the key of logs. */
export const podKey = (pod: Pod) => `${pod.metadata?.namespace}/${pod.metadata?.name}`;

/** format.Pod: name_namespace(uid), as the kubelet's messages name a pod. */
export const podDescription = (pod: Pod) => `${pod.metadata?.name}_${pod.metadata?.namespace}(${pod.metadata?.uid})`;
