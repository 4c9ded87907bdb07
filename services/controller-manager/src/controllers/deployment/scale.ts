// Scaling ReplicaSets (sync.go scaleReplicaSet, scaleReplicaSetAndRecordEvent and scale): a
// ReplicaSet's size is written together with the deployment size it was scaled for; a change of
// the deployment's replicas mid-rollout is spread over the active ReplicaSets in proportion to
// their sizes.
import { intAnnotation, MAX_REPLICAS_ANNOTATION, replicasAnnotationsNeedUpdate, setReplicasAnnotations } from './annotations.js';
import type { DeploymentDeps } from './deps.js';
import { isRollingUpdate, maxSurge } from './fenceposts.js';
import { activeReplicaSets, bySizeNewer, bySizeOlder, findActiveOrLatest, isSaturated, replicaCount } from './replica-sets.js';
import { specReplicas, type DeploymentObject, type ReplicaSetObject } from './types.js';

export interface ScaleResult {
  scaled: boolean;
  rs: ReplicaSetObject;
}

export async function scaleReplicaSet(deps: DeploymentDeps, rs: ReplicaSetObject, newScale: number, d: DeploymentObject, operation: string): Promise<ScaleResult> {
  const oldScale = specReplicas(rs);
  const desired = specReplicas(d);
  const max = desired + maxSurge(d);
  const sizeNeedsUpdate = oldScale !== newScale;
  if (!sizeNeedsUpdate && !replicasAnnotationsNeedUpdate(rs, desired, max)) return { scaled: false, rs };
  const copy = structuredClone(rs);
  copy.spec!.replicas = newScale;
  setReplicasAnnotations(copy, desired, max);
  const written = await deps.updateReplicaSet(copy);
  if (sizeNeedsUpdate) deps.event(d, 'Normal', 'ScalingReplicaSet', `Scaled ${operation} replica set ${rs.metadata?.name} from ${oldScale} to ${newScale}`);
  return { scaled: sizeNeedsUpdate, rs: written };
}

export async function scaleReplicaSetAndRecordEvent(deps: DeploymentDeps, rs: ReplicaSetObject, newScale: number, d: DeploymentObject): Promise<ScaleResult> {
  if (specReplicas(rs) === newScale) return { scaled: false, rs };
  return scaleReplicaSet(deps, rs, newScale, d, specReplicas(rs) < newScale ? 'up' : 'down');
}

/** getReplicaSetFraction: how much of the change this ReplicaSet's size, scaled by the deployment's growth, comes to. */
function replicaSetFraction(rs: ReplicaSetObject, d: DeploymentObject): number {
  if (specReplicas(d) === 0) return -specReplicas(rs);
  const maxReplicas = specReplicas(d) + maxSurge(d);
  const annotated = intAnnotation(rs, MAX_REPLICAS_ANNOTATION);
  // Without the annotation (someone edited it away) the current size is the best guess.
  const maxBefore = annotated ? annotated : (d.status?.replicas ?? 0);
  if (maxBefore === 0) return 0;
  return Math.round((specReplicas(rs) * maxReplicas) / maxBefore) - specReplicas(rs);
}

/** GetReplicaSetProportion: the fraction, bounded by what is left to add (or remove). */
export function replicaSetProportion(rs: ReplicaSetObject, d: DeploymentObject, toAdd: number, added: number): number {
  if (specReplicas(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  const fraction = replicaSetFraction(rs, d);
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

/** The new size of each active ReplicaSet when `toAdd` replicas (negative: removed) are spread over them; the largest takes the leftover. */
export function proportionalSizes(d: DeploymentObject, active: ReplicaSetObject[], toAdd: number): Map<ReplicaSetObject, number> {
  const sorted = [...active].sort(toAdd > 0 ? bySizeNewer : bySizeOlder);
  const sizes = new Map<ReplicaSetObject, number>();
  let added = 0;
  for (const rs of sorted) {
    const proportion = replicaSetProportion(rs, d, toAdd, added);
    sizes.set(rs, specReplicas(rs) + proportion);
    added += proportion;
  }
  if (sorted.length > 0 && toAdd !== 0) sizes.set(sorted[0], Math.max(0, sizes.get(sorted[0])! + toAdd - added));
  return sizes;
}

/**
 * scale: one active ReplicaSet (or none: the newest) takes all the replicas; a saturated new
 * ReplicaSet leaves the old ones none; otherwise a rolling deployment scales all of them
 * proportionally, so a scaling event neither hastens nor slows the rollout.
 */
export async function scale(deps: DeploymentDeps, d: DeploymentObject, newRS: ReplicaSetObject | undefined, oldRSs: ReplicaSetObject[]): Promise<void> {
  const activeOrLatest = findActiveOrLatest(newRS, oldRSs);
  if (activeOrLatest) {
    if (specReplicas(activeOrLatest) !== specReplicas(d)) await scaleReplicaSetAndRecordEvent(deps, activeOrLatest, specReplicas(d), d);
    return;
  }
  if (isSaturated(d, newRS)) {
    for (const old of activeReplicaSets(oldRSs)) await scaleReplicaSetAndRecordEvent(deps, old, 0, d);
    return;
  }
  if (!isRollingUpdate(d)) return;
  const active = activeReplicaSets([...oldRSs, newRS]);
  const allowedSize = specReplicas(d) > 0 ? specReplicas(d) + maxSurge(d) : 0;
  const toAdd = allowedSize - replicaCount(active);
  const operation = toAdd > 0 ? 'up' : toAdd < 0 ? 'down' : '';
  for (const [rs, size] of proportionalSizes(d, active, toAdd)) await scaleReplicaSet(deps, rs, size, d, operation);
}
