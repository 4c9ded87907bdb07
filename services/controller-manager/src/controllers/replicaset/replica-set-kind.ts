// What differs between the two kinds one controller serves (kube-controller-manager runs
// the ReplicaSet controller for ReplicationControllers too, as an older version of the same
// API): where they are served, how they name themselves, and how their selector reads.
import { labelSelectorFromMeta, labelSelectorFromSet, type LabelSelector } from '@kubeling/api/selectors/label-selector';
import type { GroupVersionResource, KubeObject } from '@kubeling/client';
import type { ReplicaSet } from 'kubernetes-types/apps/v1.js';
import type { ReplicationController } from 'kubernetes-types/core/v1.js';
import type { OwnerKind } from '../../controller-utils/controller-ref.js';

/** A ReplicaSet or a ReplicationController: the same spec and status fields but for the selector. */
export type ReplicatedObject = (ReplicaSet | ReplicationController) & KubeObject;

export interface ReplicaSetKind {
  resource: GroupVersionResource;
  owner: OwnerKind;
  /** The --controllers name, also the logger's `controller`. */
  controllerName: string;
  /** The component its Events are reported by. */
  eventComponent: string;
  /** The pods it selects; throws LabelSelectorError for an invalid selector. */
  selectorOf(obj: ReplicatedObject): LabelSelector;
}

export const REPLICA_SET: ReplicaSetKind = {
  resource: { group: 'apps', version: 'v1', resource: 'replicasets' },
  owner: { apiVersion: 'apps/v1', kind: 'ReplicaSet' },
  controllerName: 'replicaset-controller',
  eventComponent: 'replicaset-controller',
  selectorOf: (obj) => labelSelectorFromMeta((obj as ReplicaSet).spec?.selector),
};

export const REPLICATION_CONTROLLER: ReplicaSetKind = {
  resource: { version: 'v1', resource: 'replicationcontrollers' },
  owner: { apiVersion: 'v1', kind: 'ReplicationController' },
  controllerName: 'replicationcontroller-controller',
  eventComponent: 'replication-controller',
  // A plain label map; none at all (the apiserver defaults it from the template) selects nothing.
  selectorOf: (obj) => {
    const selector = (obj as ReplicationController).spec?.selector;
    return selector ? labelSelectorFromSet(selector) : labelSelectorFromMeta(undefined);
  },
};
