// The annotations a deployment keeps on its ReplicaSets (deployment/util): the revision, the
// revisions a reused template had before, and the deployment size each ReplicaSet was last
// scaled for (what proportional scaling starts from).
import type { KubeObject } from '@kubeling/client';
import type { DeploymentObject, ReplicaSetObject } from './types.js';

export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY_ANNOTATION = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/max-replicas';
const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';
/** The revision to roll back to, as clients before kubectl 1.x's client-side undo asked for it (apps.DeprecatedRollbackTo). */
export const DEPRECATED_ROLLBACK_TO = 'deprecated.deployment.rollback.to';
/** Longest revision-history value kept (maxRevHistoryLengthInChars). */
const MAX_REVISION_HISTORY_CHARS = 2000;

/** Annotations of the deployment that are not copied to its new ReplicaSet (annotationsToSkip). */
const NOT_COPIED = new Set([LAST_APPLIED_ANNOTATION, REVISION_ANNOTATION, REVISION_HISTORY_ANNOTATION, DESIRED_REPLICAS_ANNOTATION, MAX_REPLICAS_ANNOTATION, DEPRECATED_ROLLBACK_TO]);

export function annotationsOf(obj: KubeObject): Record<string, string> {
  const meta = (obj.metadata ??= {});
  return ((meta.annotations as Record<string, string> | undefined) ??= {});
}

/** An annotation's integer value; undefined when absent or not an integer. */
export function intAnnotation(obj: KubeObject, key: string): number | undefined {
  const text = (obj.metadata?.annotations as Record<string, string> | undefined)?.[key];
  return text !== undefined && /^-?\d+$/.test(text) ? Number(text) : undefined;
}

/** The revision a ReplicaSet has (0 without one). */
export const revisionOf = (rs: KubeObject): number => intAnnotation(rs, REVISION_ANNOTATION) ?? 0;

export const maxRevision = (rsList: readonly KubeObject[]): number => rsList.reduce((max, rs) => Math.max(max, revisionOf(rs)), 0);

/** LastRevision: the second highest revision, the one before the current. */
export function lastRevision(rsList: readonly KubeObject[]): number {
  const revisions = rsList.map(revisionOf).sort((a, b) => b - a);
  return revisions[1] ?? 0;
}

/** Whether the desired-replicas and max-replicas annotations differ from these values. */
export function replicasAnnotationsNeedUpdate(rs: ReplicaSetObject, desired: number, max: number): boolean {
  const annotations = (rs.metadata?.annotations ?? {}) as Record<string, string>;
  return annotations[DESIRED_REPLICAS_ANNOTATION] !== String(desired) || annotations[MAX_REPLICAS_ANNOTATION] !== String(max);
}

export function setReplicasAnnotations(rs: ReplicaSetObject, desired: number, max: number): boolean {
  if (!replicasAnnotationsNeedUpdate(rs, desired, max)) return false;
  const annotations = annotationsOf(rs);
  annotations[DESIRED_REPLICAS_ANNOTATION] = String(desired);
  annotations[MAX_REPLICAS_ANNOTATION] = String(max);
  return true;
}

/** The deployment's own annotations (kubernetes.io/change-cause among them) go to its new ReplicaSet. */
function copyDeploymentAnnotations(d: DeploymentObject, rs: ReplicaSetObject): boolean {
  const target = annotationsOf(rs);
  let changed = false;
  for (const [key, value] of Object.entries((d.metadata?.annotations ?? {}) as Record<string, string>)) {
    if (NOT_COPIED.has(key) || target[key] === value) continue;
    target[key] = value;
    changed = true;
  }
  return changed;
}

/**
 * SetDeploymentAnnotationsTo: the deployment rolled back to a ReplicaSet takes that
 * ReplicaSet's own annotations (its change-cause among them), keeping only its bookkeeping ones.
 */
export function setDeploymentAnnotationsTo(d: DeploymentObject, rs: ReplicaSetObject): void {
  const kept = Object.entries(annotationsOf(d)).filter(([key]) => NOT_COPIED.has(key));
  const taken = Object.entries(annotationsOf(rs)).filter(([key]) => !NOT_COPIED.has(key));
  d.metadata!.annotations = Object.fromEntries([...kept, ...taken]);
}

/** Appends the revision a reused ReplicaSet had to its revision-history, oldest dropped beyond the length limit. */
function recordPastRevision(annotations: Record<string, string>, oldRevision: string): void {
  const history = annotations[REVISION_HISTORY_ANNOTATION];
  if (!history) {
    annotations[REVISION_HISTORY_ANNOTATION] = oldRevision;
    return;
  }
  const revisions = [...history.split(','), oldRevision];
  while (revisions.join(',').length > MAX_REVISION_HISTORY_CHARS && revisions.length > 1) revisions.shift();
  annotations[REVISION_HISTORY_ANNOTATION] = revisions.join(',');
}

/**
 * SetNewReplicaSetAnnotations: the new ReplicaSet gets the deployment's annotations and a
 * revision no lower than `newRevision`; a ReplicaSet being reused keeps its past revisions in
 * revision-history. One about to be created also gets the replicas annotations.
 */
export function setNewReplicaSetAnnotations(d: DeploymentObject, rs: ReplicaSetObject, newRevision: number, replicas?: { desired: number; max: number }): boolean {
  let changed = copyDeploymentAnnotations(d, rs);
  const annotations = annotationsOf(rs);
  const oldText = annotations[REVISION_ANNOTATION];
  if (oldText !== undefined && !/^\d+$/.test(oldText)) return changed;
  const oldRevision = oldText === undefined ? 0 : Number(oldText);
  if (oldRevision < newRevision) {
    annotations[REVISION_ANNOTATION] = String(newRevision);
    if (oldText !== undefined) recordPastRevision(annotations, oldText);
    changed = true;
  }
  if (replicas && setReplicasAnnotations(rs, replicas.desired, replicas.max)) changed = true;
  return changed;
}
