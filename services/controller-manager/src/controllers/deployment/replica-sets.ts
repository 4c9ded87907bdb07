// Which of a deployment's ReplicaSets is new and which are old, and their counts
// (deployment/util: FindNewReplicaSet, FindOldReplicaSets, FindActiveOrLatest, IsSaturated,
// Get*ReplicaCountForReplicaSets, and controller's ReplicaSet orderings).
import type { PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import { canonicalJson } from './canonical-json.js';
import { POD_TEMPLATE_HASH_LABEL } from './pod-template-hash.js';
import { DESIRED_REPLICAS_ANNOTATION, intAnnotation } from './annotations.js';
import { specReplicas, type DeploymentObject, type ReplicaSetObject } from './types.js';

/** The template without the pod-template-hash label. */
export function templateWithoutHash(template: PodTemplateSpec | undefined): PodTemplateSpec {
  const copy = structuredClone(template ?? {});
  if (copy.metadata?.labels) delete copy.metadata.labels[POD_TEMPLATE_HASH_LABEL];
  return copy;
}

/** EqualIgnoreHash: the templates are the same but for the pod-template-hash label. */
export function equalIgnoreHash(a: PodTemplateSpec | undefined, b: PodTemplateSpec | undefined): boolean {
  return canonicalJson(templateWithoutHash(a)) === canonicalJson(templateWithoutHash(b));
}

const createdAt = (rs: ReplicaSetObject) => Date.parse(String(rs.metadata?.creationTimestamp ?? '')) || 0;

/** ReplicaSetsByCreationTimestamp: oldest first, then by name. */
export function byCreation(a: ReplicaSetObject, b: ReplicaSetObject): number {
  return createdAt(a) - createdAt(b) || String(a.metadata?.name).localeCompare(String(b.metadata?.name));
}

/** ReplicaSetsBySizeNewer: largest first; among equal sizes the newest first. */
export function bySizeNewer(a: ReplicaSetObject, b: ReplicaSetObject): number {
  return specReplicas(b) - specReplicas(a) || byCreation(b, a);
}

/** ReplicaSetsBySizeOlder: largest first; among equal sizes the oldest first. */
export function bySizeOlder(a: ReplicaSetObject, b: ReplicaSetObject): number {
  return specReplicas(b) - specReplicas(a) || byCreation(a, b);
}

/** The oldest ReplicaSet whose template is the deployment's (the oldest, should there be several). */
export function findNewReplicaSet(d: DeploymentObject, rsList: readonly ReplicaSetObject[]): ReplicaSetObject | undefined {
  return [...rsList].sort(byCreation).find((rs) => equalIgnoreHash(rs.spec?.template, d.spec?.template));
}

/** Every ReplicaSet but the new one. */
export function findOldReplicaSets(d: DeploymentObject, rsList: readonly ReplicaSetObject[]): ReplicaSetObject[] {
  const newRS = findNewReplicaSet(d, rsList);
  return rsList.filter((rs) => rs !== newRS);
}

/** FilterActiveReplicaSets: those that want pods. */
export function activeReplicaSets(rsList: ReadonlyArray<ReplicaSetObject | undefined>): ReplicaSetObject[] {
  return rsList.filter((rs): rs is ReplicaSetObject => rs !== undefined && specReplicas(rs) > 0);
}

/** The one active ReplicaSet, or the newest if none is active; undefined when several are active. */
export function findActiveOrLatest(newRS: ReplicaSetObject | undefined, oldRSs: readonly ReplicaSetObject[]): ReplicaSetObject | undefined {
  if (!newRS && oldRSs.length === 0) return undefined;
  const active = activeReplicaSets([...oldRSs, newRS]);
  if (active.length === 1) return active[0];
  if (active.length > 1) return undefined;
  return newRS ?? [...oldRSs].sort(byCreation).at(-1);
}

type Present = ReadonlyArray<ReplicaSetObject | undefined>;
const sum = (rsList: Present, count: (rs: ReplicaSetObject) => number) => rsList.reduce((total, rs) => total + (rs ? count(rs) : 0), 0);

/** Desired pods: the sum of spec.replicas. */
export const replicaCount = (rsList: Present) => sum(rsList, specReplicas);
/** Pods that exist: the sum of status.replicas. */
export const actualReplicaCount = (rsList: Present) => sum(rsList, (rs) => rs.status?.replicas ?? 0);
export const readyReplicaCount = (rsList: Present) => sum(rsList, (rs) => rs.status?.readyReplicas ?? 0);
export const availableReplicaCount = (rsList: Present) => sum(rsList, (rs) => rs.status?.availableReplicas ?? 0);

/**
 * Pods that exist or are about to: a ReplicaSet just scaled down still has the pods its status
 * counts until its controller deletes them. Counting those keeps maxSurge a bound on the pods
 * that really exist, whatever order the two controllers act in.
 */
export const podsAtMost = (rsList: Present) => sum(rsList, (rs) => Math.max(specReplicas(rs), rs.status?.replicas ?? 0));

/**
 * Pods that stay available: a ReplicaSet's available pods beyond its spec are about to be
 * deleted (its controller deletes unavailable pods first), so they do not count.
 */
export const podsAvailableAtLeast = (rsList: Present) => sum(rsList, (rs) => Math.min(specReplicas(rs), rs.status?.availableReplicas ?? 0));

/** IsSaturated: the new ReplicaSet holds all the deployment's replicas, all available, and knows it. */
export function isSaturated(d: DeploymentObject, rs: ReplicaSetObject | undefined): boolean {
  if (!rs) return false;
  const desired = intAnnotation(rs, DESIRED_REPLICAS_ANNOTATION);
  const replicas = specReplicas(d);
  return specReplicas(rs) === replicas && desired === replicas && (rs.status?.availableReplicas ?? 0) === replicas;
}
