// maxSurge and maxUnavailable as numbers of pods (deployment/util ResolveFenceposts, MaxSurge,
// MaxUnavailable): a percentage of the desired replicas, surge rounded up and unavailability
// down; should both come to zero, one pod may be unavailable.
import { specReplicas, type DeploymentObject } from './types.js';

export class IntOrPercentError extends Error {
  override readonly name = 'IntOrPercentError';
}

/** intstr.GetScaledValueFromIntOrPercent. */
export function scaledValue(value: number | string | undefined, total: number, roundUp: boolean): number {
  if (value === undefined || value === null) return 0;
  if (typeof value === 'number') return value;
  const match = /^(\d+)%$/.exec(value);
  if (!match) throw new IntOrPercentError(`invalid value for IntOrString: invalid value ${JSON.stringify(value)}`);
  const scaled = (Number(match[1]) * total) / 100;
  return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
}

export const isRollingUpdate = (d: DeploymentObject) => (d.spec?.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';

export function resolveFenceposts(d: DeploymentObject): { surge: number; unavailable: number } {
  const rolling = d.spec?.strategy?.rollingUpdate;
  const desired = specReplicas(d);
  const surge = scaledValue(rolling?.maxSurge, desired, true);
  const unavailable = scaledValue(rolling?.maxUnavailable, desired, false);
  return { surge, unavailable: surge === 0 && unavailable === 0 ? 1 : unavailable };
}

export function maxSurge(d: DeploymentObject): number {
  return isRollingUpdate(d) ? resolveFenceposts(d).surge : 0;
}

export function maxUnavailable(d: DeploymentObject): number {
  const replicas = specReplicas(d);
  if (!isRollingUpdate(d) || replicas === 0) return 0;
  return Math.min(resolveFenceposts(d).unavailable, replicas);
}
