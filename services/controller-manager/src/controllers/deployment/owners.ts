// Which deployments a ReplicaSet or pod event concerns (deployment_controller.go
// resolveControllerRef, getDeploymentsForReplicaSet, getDeploymentForPod).
import { labelSelectorFromMeta } from '@kubeling/api/selectors/label-selector';
import type { KubeObject } from '@kubeling/client';
import type { OwnerReference } from 'kubernetes-types/meta/v1.js';
import { controllerOf } from '../../controller-utils/controller-ref.js';
import { DEPLOYMENT_KIND, type DeploymentObject, type ReplicaSetObject } from './types.js';

export interface OwnerLookup {
  deployment(namespace: string, name: string): DeploymentObject | undefined;
  deployments(namespace: string): DeploymentObject[];
  replicaSet(namespace: string, name: string): ReplicaSetObject | undefined;
}

/** The deployment a controller reference names, if it is still the one with that uid. */
export function resolveControllerRef(lookup: OwnerLookup, namespace: string, ref: OwnerReference | undefined): DeploymentObject | undefined {
  if (!ref || ref.kind !== DEPLOYMENT_KIND.kind || !ref.apiVersion.startsWith('apps/')) return undefined;
  const d = lookup.deployment(namespace, ref.name);
  return d?.metadata?.uid === ref.uid ? d : undefined;
}

/** An orphan ReplicaSet's possible adopters: the deployments whose (non-empty) selector matches its labels. */
export function deploymentsSelecting(lookup: OwnerLookup, rs: ReplicaSetObject): DeploymentObject[] {
  const labels = rs.metadata?.labels;
  if (!labels || Object.keys(labels).length === 0) return [];
  return lookup.deployments(rs.metadata!.namespace!).filter((d) => {
    try {
      const selector = labelSelectorFromMeta(d.spec?.selector);
      return !selector.empty() && selector.matches(labels);
    } catch {
      // A selector that does not parse selects nothing.
      return false;
    }
  });
}

/** The deployment whose ReplicaSet controls the pod. */
export function deploymentForPod(lookup: OwnerLookup, pod: KubeObject): DeploymentObject | undefined {
  const ref = controllerOf(pod);
  const namespace = pod.metadata?.namespace ?? '';
  if (!ref || ref.kind !== 'ReplicaSet') return undefined;
  const rs = lookup.replicaSet(namespace, ref.name);
  if (!rs || rs.metadata?.uid !== ref.uid) return undefined;
  return resolveControllerRef(lookup, namespace, controllerOf(rs));
}
