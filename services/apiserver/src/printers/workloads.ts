import type { DaemonSet, Deployment, ReplicaSet, StatefulSet } from 'kubernetes-types/apps/v1.js';
import { AGE_COLUMN, CONTAINERS_COLUMN, IMAGES_COLUMN, NAME_COLUMN, age, column, containerCells, wideColumn } from './columns.js';
import { formatLabelSelector, formatLabels, selectorString } from './labels.js';
import type { Printer } from './printer.js';

/** spec.replicas as the apiserver defaults it. */
const DEFAULT_REPLICAS = 1;

export const deploymentPrinter: Printer<Deployment> = {
  columns: [
    NAME_COLUMN,
    column('Ready', 'Number of the pod with ready state'),
    column('Up-to-date', 'Total number of non-terminated pods targeted by this deployment that have the desired template spec.'),
    column('Available', 'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.'),
    AGE_COLUMN,
    CONTAINERS_COLUMN,
    IMAGES_COLUMN,
    wideColumn('Selector', 'Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.'),
  ],
  cells(deployment, now) {
    const status = deployment.status ?? {};
    return [
      deployment.metadata?.name ?? '',
      `${status.readyReplicas ?? 0}/${deployment.spec?.replicas ?? DEFAULT_REPLICAS}`,
      status.updatedReplicas ?? 0,
      status.availableReplicas ?? 0,
      age(deployment.metadata, now),
      ...containerCells(deployment.spec?.template.spec?.containers),
      selectorString(deployment.spec?.selector) ?? '<invalid>',
    ];
  },
};

export const replicaSetPrinter: Printer<ReplicaSet> = {
  columns: [
    NAME_COLUMN,
    column('Desired', 'Replicas is the number of desired pods.', { type: 'integer' }),
    column('Current', 'Replicas is the most recently observed number of non-terminating pods.', { type: 'integer' }),
    column('Ready', 'The number of ready replicas for this replica set.', { type: 'integer' }),
    AGE_COLUMN,
    CONTAINERS_COLUMN,
    IMAGES_COLUMN,
    wideColumn('Selector', 'Selector is a label query over pods that should match the replica count.'),
  ],
  cells(replicaSet, now) {
    const status = replicaSet.status;
    return [
      replicaSet.metadata?.name ?? '',
      replicaSet.spec?.replicas ?? DEFAULT_REPLICAS,
      status?.replicas ?? 0,
      status?.readyReplicas ?? 0,
      age(replicaSet.metadata, now),
      ...containerCells(replicaSet.spec?.template?.spec?.containers),
      formatLabelSelector(replicaSet.spec?.selector),
    ];
  },
};

export const daemonSetPrinter: Printer<DaemonSet> = {
  columns: [
    NAME_COLUMN,
    column('Desired', 'The total number of nodes that should be running the daemon pod.', { type: 'integer' }),
    column('Current', 'The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod.', { type: 'integer' }),
    column('Ready', 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running with a Ready Condition.', { type: 'integer' }),
    column('Up-to-date', 'The total number of nodes that are running updated daemon pod', { type: 'integer' }),
    column('Available', 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available.', { type: 'integer' }),
    column('Node Selector', "NodeSelector is a selector which must be true for the pod to fit on a node."),
    AGE_COLUMN,
    CONTAINERS_COLUMN,
    IMAGES_COLUMN,
    wideColumn('Selector', 'A label query over pods that are managed by the daemon set.'),
  ],
  cells(daemonSet, now) {
    const status = daemonSet.status;
    return [
      daemonSet.metadata?.name ?? '',
      status?.desiredNumberScheduled ?? 0,
      status?.currentNumberScheduled ?? 0,
      status?.numberReady ?? 0,
      status?.updatedNumberScheduled ?? 0,
      status?.numberAvailable ?? 0,
      formatLabels(daemonSet.spec?.template.spec?.nodeSelector),
      age(daemonSet.metadata, now),
      ...containerCells(daemonSet.spec?.template.spec?.containers),
      formatLabelSelector(daemonSet.spec?.selector),
    ];
  },
};

export const statefulSetPrinter: Printer<StatefulSet> = {
  columns: [NAME_COLUMN, column('Ready', 'Number of the pod with ready state'), AGE_COLUMN, CONTAINERS_COLUMN, IMAGES_COLUMN],
  cells(statefulSet, now) {
    return [
      statefulSet.metadata?.name ?? '',
      `${statefulSet.status?.readyReplicas ?? 0}/${statefulSet.spec?.replicas ?? DEFAULT_REPLICAS}`,
      age(statefulSet.metadata, now),
      ...containerCells(statefulSet.spec?.template.spec?.containers),
    ];
  },
};
