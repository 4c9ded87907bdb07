// The objects the deployment controller works with, as the client hands them over.
import type { KubeObject } from '@kubeling/client';
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';

export type DeploymentObject = Deployment & KubeObject;
export type ReplicaSetObject = ReplicaSet & KubeObject;
export type PodObject = Pod & KubeObject;

/** What a ReplicaSet's owner reference names (controllerKind). */
export const DEPLOYMENT_KIND = { apiVersion: 'apps/v1', kind: 'Deployment' };

export const DEPLOYMENTS = { group: 'apps', version: 'v1', resource: 'deployments' };
export const REPLICA_SETS = { group: 'apps', version: 'v1', resource: 'replicasets' };

export const specReplicas = (obj: { spec?: { replicas?: number } } | undefined): number => obj?.spec?.replicas ?? 0;
