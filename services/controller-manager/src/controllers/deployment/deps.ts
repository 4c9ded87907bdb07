// What a deployment sync reads (the informer caches), writes (the API) and reports, as one
// interface so the sync runs against fakes in unit tests; and the two writes to the deployment
// itself, which keep the sync's copy current.
import type { EventType } from '@kubeling/client';
import type { Logger } from 'pino';
import { annotationsOf, REVISION_ANNOTATION } from './annotations.js';
import type { DeploymentObject, PodObject, ReplicaSetObject } from './types.js';

export interface DeploymentDeps {
  getDeployment(namespace: string, name: string): DeploymentObject | undefined;
  replicaSets(namespace: string): ReplicaSetObject[];
  pods(namespace: string): PodObject[];
  /** The deployment as the apiserver has it now (adoption is refused if it is gone or being deleted). */
  getFreshDeployment(namespace: string, name: string): Promise<DeploymentObject | undefined>;
  createReplicaSet(rs: ReplicaSetObject): Promise<ReplicaSetObject>;
  /** An update with the ReplicaSet's resourceVersion: a write based on a stale copy conflicts. */
  updateReplicaSet(rs: ReplicaSetObject): Promise<ReplicaSetObject>;
  deleteReplicaSet(namespace: string, name: string): Promise<void>;
  /** A strategic merge patch (adoption and release). */
  patchReplicaSet(namespace: string, name: string, patch: unknown): Promise<unknown>;
  /** An update of the deployment itself (spec and metadata), with its resourceVersion. */
  updateDeployment(d: DeploymentObject): Promise<DeploymentObject>;
  /** An update of the status subresource, with the deployment's resourceVersion. */
  updateDeploymentStatus(d: DeploymentObject): Promise<DeploymentObject>;
  /** A merge patch of metadata.annotations on the deployment. */
  patchDeploymentAnnotations(namespace: string, name: string, annotations: Record<string, string>): Promise<DeploymentObject>;
  event(d: DeploymentObject, type: EventType, reason: string, message: string): void;
  /** Syncs the deployment again after `ms`. */
  enqueueAfter(key: string, ms: number): void;
  now(): number;
  log: Logger;
}

export const keyOf = (obj: { metadata?: { namespace?: string; name?: string } }) => `${obj.metadata?.namespace}/${obj.metadata?.name}`;

/** The sync's working copy takes the written object's resourceVersion, so its next write does not conflict. */
function adoptWritten(d: DeploymentObject, written: DeploymentObject): void {
  d.metadata!.resourceVersion = written.metadata?.resourceVersion;
}

/**
 * SetDeploymentRevision: the deployment carries its new ReplicaSet's revision. Kubernetes
 * writes it along with the status; here the status subresource keeps metadata as it is, so
 * the annotation is patched on the deployment itself (metadata only: the generation stays).
 */
export async function setDeploymentRevision(deps: DeploymentDeps, d: DeploymentObject, revision: string): Promise<void> {
  if (annotationsOf(d)[REVISION_ANNOTATION] === revision) return;
  const written = await deps.patchDeploymentAnnotations(d.metadata!.namespace!, d.metadata!.name!, { [REVISION_ANNOTATION]: revision });
  annotationsOf(d)[REVISION_ANNOTATION] = revision;
  adoptWritten(d, written);
}

export async function updateDeploymentStatus(deps: DeploymentDeps, d: DeploymentObject): Promise<void> {
  adoptWritten(d, await deps.updateDeploymentStatus(d));
}
