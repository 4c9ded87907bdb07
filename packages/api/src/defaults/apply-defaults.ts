// The defaulting the apiserver applies whenever it decodes a built-in object (the scheme's
// SetObjectDefaults_* functions), so that what it stores and returns looks as from Kubernetes.
import { defaultCronJob, defaultJob } from './batch.js';
import { defaultEndpoints, defaultEndpointSlice } from './endpoints.js';
import { defaultHorizontalPodAutoscaler } from './autoscaling.js';
import type { Obj } from './fields.js';
import { defaultLimitRange } from './limit-range.js';
import { defaultNamespace } from './namespace.js';
import { defaultNode } from './node.js';
import { defaultPod } from './pod.js';
import { defaultRoleBinding } from './rbac.js';
import { defaultSecret } from './secret.js';
import { defaultService } from './service.js';
import { defaultDaemonSet, defaultDeployment, defaultReplicaSet, defaultReplicationController, defaultStatefulSet } from './workloads.js';

type Defaulter = (obj: Obj) => void;

/** Defaulters by `group/version/kind` (the core group is ''). */
const DEFAULTERS: ReadonlyMap<string, Defaulter> = new Map([
  ['/v1/Pod', defaultPod],
  ['/v1/Service', defaultService],
  ['/v1/Namespace', defaultNamespace],
  ['/v1/Node', defaultNode],
  ['/v1/Secret', defaultSecret],
  ['/v1/Endpoints', defaultEndpoints],
  ['/v1/LimitRange', defaultLimitRange],
  ['/v1/ReplicationController', defaultReplicationController],
  ['apps/v1/Deployment', defaultDeployment],
  ['apps/v1/ReplicaSet', defaultReplicaSet],
  ['apps/v1/DaemonSet', defaultDaemonSet],
  ['apps/v1/StatefulSet', defaultStatefulSet],
  ['batch/v1/Job', defaultJob],
  ['batch/v1/CronJob', defaultCronJob],
  ['discovery.k8s.io/v1/EndpointSlice', defaultEndpointSlice],
  ['autoscaling/v2/HorizontalPodAutoscaler', defaultHorizontalPodAutoscaler],
  ['rbac.authorization.k8s.io/v1/RoleBinding', defaultRoleBinding],
  ['rbac.authorization.k8s.io/v1/ClusterRoleBinding', defaultRoleBinding],
]);

/**
 * Applies Kubernetes' defaults for the kind to `obj`, in place, on create and on update alike.
 * Fills only what the client left unset (as Go sees it: nil, '' or 0 for plain fields) and is
 * idempotent. Kinds without defaults are left untouched.
 */
export function applyDefaults(group: string, version: string, kind: string, obj: Record<string, unknown>): void {
  DEFAULTERS.get(`${group}/${version}/${kind}`)?.(obj);
}
