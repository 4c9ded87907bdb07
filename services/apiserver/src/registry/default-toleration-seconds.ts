// DefaultTolerationSeconds (plugin/pkg/admission/defaulttolerationseconds): a new pod that
// does not already tolerate the node lifecycle controller's NoExecute taints gets
// tolerations of them for a while, so that a short node outage does not evict it at once.
import type { Toleration } from 'kubernetes-types/core/v1.js';
import type { Admit } from './rest-storage.js';

export const TAINT_NODE_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_NODE_UNREACHABLE = 'node.kubernetes.io/unreachable';

export interface DefaultTolerationSecondsOptions {
  /** --default-not-ready-toleration-seconds */
  notReadySeconds: number;
  /** --default-unreachable-toleration-seconds */
  unreachableSeconds: number;
}

/** A toleration of the taint `key`:NoExecute for any value: one with that key or none, and that effect or none. */
const toleratesNoExecute = (tolerations: readonly Toleration[], key: string) =>
  tolerations.some((t) => (!t.key || t.key === key) && (!t.effect || t.effect === 'NoExecute'));

/** The tolerations a pod is missing, to be appended to its own. */
export function defaultTolerations(tolerations: readonly Toleration[], options: DefaultTolerationSecondsOptions): Toleration[] {
  const wanted: Array<[string, number]> = [
    [TAINT_NODE_NOT_READY, options.notReadySeconds],
    [TAINT_NODE_UNREACHABLE, options.unreachableSeconds],
  ];
  return wanted
    .filter(([key]) => !toleratesNoExecute(tolerations, key))
    .map(([key, tolerationSeconds]) => ({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds }));
}

/**
 * The admission step, on pod create only: Kubernetes also runs it on spec updates, but here
 * admission does not see which subresource is written, and a status write must not touch the spec.
 */
export function defaultTolerationSeconds(options: DefaultTolerationSecondsOptions): Admit {
  return (r, obj, old) => {
    if (old || r.group !== '' || r.resource !== 'pods') return;
    const spec = (obj.spec ?? {}) as { tolerations?: Toleration[] };
    const missing = defaultTolerations(spec.tolerations ?? [], options);
    if (missing.length > 0) obj.spec = { ...spec, tolerations: [...(spec.tolerations ?? []), ...missing] };
  };
}
