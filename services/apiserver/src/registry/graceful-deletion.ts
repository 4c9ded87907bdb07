import { rfc3339 } from '@kubeling/api/meta-time';
import type { KubeObject, ObjectMeta } from '../storage/object.js';
import type { DeleteOptions } from './deletion-finalizers.js';

/** RESTGracefulDeleteStrategy.CheckGracefulDelete: the grace period a delete gets, for kinds deleted gracefully. */
export type GracePeriod = (obj: KubeObject, options: DeleteOptions) => number;

/**
 * Pods: the requested period, else the pod's terminationGracePeriodSeconds; none for a pod no
 * node runs (unscheduled) or one that has already terminated.
 */
export const podGracePeriod: GracePeriod = (pod, options) => {
  const spec = pod.spec as { nodeName?: string; terminationGracePeriodSeconds?: number } | undefined;
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  if (!spec?.nodeName || phase === 'Failed' || phase === 'Succeeded') return 0;
  return options.gracePeriodSeconds ?? spec.terminationGracePeriodSeconds ?? 0;
};

/** 'now': no graceful deletion; 'graceful': meta got (or shortened) its deletion grace; 'pending': a graceful deletion runs already. */
export type GracefulVerdict = 'now' | 'graceful' | 'pending';

/**
 * rest.BeforeDelete: on a first delete of a kind deleted gracefully, sets deletionTimestamp to
 * now + grace period (in `meta`, a copy the caller stores); a later delete may only shorten a
 * pending grace period. A negative period counts as 1 second.
 */
export function beforeDelete(obj: KubeObject, meta: ObjectMeta, options: DeleteOptions, gracePeriod: GracePeriod | undefined, now: Date): GracefulVerdict {
  const requested = options.gracePeriodSeconds !== undefined && options.gracePeriodSeconds < 0 ? 1 : options.gracePeriodSeconds;
  if (meta.deletionGracePeriodSeconds !== undefined && meta.deletionGracePeriodSeconds < 0) meta.deletionGracePeriodSeconds = 1;
  if (!gracePeriod) return 'now';
  if (meta.deletionTimestamp) {
    // Marked with no grace left: deleted now (also recovers a delete that failed after its update).
    const current = meta.deletionGracePeriodSeconds ?? 0;
    if (current === 0) return 'now';
    if (requested === undefined || requested >= current) return 'pending';
    meta.deletionTimestamp = rfc3339(new Date(Date.parse(meta.deletionTimestamp) + (requested - current) * 1000));
    meta.deletionGracePeriodSeconds = requested;
    return 'graceful';
  }
  const period = gracePeriod(obj, { ...options, gracePeriodSeconds: requested });
  meta.deletionTimestamp = rfc3339(new Date(now.getTime() + period * 1000));
  meta.deletionGracePeriodSeconds = period;
  if (meta.generation !== undefined) meta.generation += 1;
  return 'graceful';
}

/** markAsDeleting: an object waiting only for its finalizers gets deletionTimestamp now and no grace period. */
export function markAsDeleting(meta: ObjectMeta, now: Date): void {
  if (!meta.deletionTimestamp && meta.generation !== undefined && meta.generation > 0) meta.generation += 1;
  if (!meta.deletionTimestamp || Date.parse(meta.deletionTimestamp) > now.getTime()) meta.deletionTimestamp = rfc3339(now);
  meta.deletionGracePeriodSeconds = 0;
}
