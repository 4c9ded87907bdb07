// The label selector that says which pods are "the same workload" as a pod (helper.DefaultSelector):
// the selectors of the Services that select it, and of the ReplicationController, ReplicaSet or
// StatefulSet that controls it. Spreading counts the pods this selector matches.
import type { OwnerReference } from 'kubernetes-types/meta/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { LabelSelector, labelSelectorFromMeta, Requirement, type Labels } from '@kubeling/api/selectors/label-selector';
import type { ClusterListers } from '../../framework/interface.js';

/** A selector from a label map, skipping entries that are no valid label (the apiserver rejects those anyway). */
function requirementsOf(labels: Labels): Requirement[] {
  return Object.entries(labels).flatMap(([key, value]) => {
    try {
      return [Requirement.create(key, '=', [value])];
    } catch {
      return [];
    }
  });
}

/** metav1.GetControllerOf: the owner reference marked controller. */
function controllerOf(pod: Pod): OwnerReference | undefined {
  return (pod.metadata?.ownerReferences ?? []).find((owner) => owner.controller === true);
}

/** The controller's own selector requirements, for the controllers spreading knows. */
function controllerRequirements(pod: Pod, listers: ClusterListers): readonly Requirement[] | undefined {
  const owner = controllerOf(pod);
  if (owner === undefined) return undefined;
  const namespace = pod.metadata?.namespace ?? '';
  const kind = `${owner.apiVersion}/${owner.kind}`;
  try {
    if (kind === 'v1/ReplicationController') {
      const selector = listers.replicationController(namespace, owner.name)?.spec?.selector;
      return selector === undefined ? undefined : requirementsOf(selector);
    }
    const workload = kind === 'apps/v1/ReplicaSet' ? listers.replicaSet(namespace, owner.name) : kind === 'apps/v1/StatefulSet' ? listers.statefulSet(namespace, owner.name) : undefined;
    return workload === undefined ? undefined : labelSelectorFromMeta(workload.spec?.selector).requirements;
  } catch {
    // A selector that does not parse adds nothing, as Kubernetes ignores the error.
    return undefined;
  }
}

export function defaultSelector(pod: Pod, listers: ClusterListers): LabelSelector {
  const podLabels = pod.metadata?.labels ?? {};
  const merged: Record<string, string> = {};
  for (const service of listers.services(pod.metadata?.namespace ?? '')) {
    // A Service without a selector selects nothing, not everything.
    const selector = service.spec?.selector;
    if (selector == null) continue;
    if (Object.entries(selector).every(([key, value]) => podLabels[key] === value)) Object.assign(merged, selector);
  }
  return LabelSelector.of([...requirementsOf(merged), ...(controllerRequirements(pod, listers) ?? [])]);
}
