// Pods by the node they are bound to (the "spec.nodeName" index both node controllers add to
// the shared pod informer): what getPodsAssignedToNode reads.
import type { Pod } from 'kubernetes-types/core/v1.js';

export const NODE_NAME_INDEX = 'spec.nodeName';

export const nodeNameIndexFunc = (pod: Pod): string[] => (pod.spec?.nodeName ? [pod.spec.nodeName] : []);
