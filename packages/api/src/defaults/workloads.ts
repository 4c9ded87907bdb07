// The apps/v1 workloads and the core/v1 ReplicationController as their defaulters leave them
// (pkg/apis/apps/v1/defaults.go, SetDefaults_ReplicationController); each pod template gets
// the pod spec defaults.
import { child, defaultEmpty, defaultNil, defaultZero, isEmpty, items, optional, type Obj } from './fields.js';
import { defaultPodTemplateSpec } from './pod.js';
import { defaultPersistentVolumeClaim } from './volume.js';

const REVISION_HISTORY_LIMIT = 10;

/** SetDefaults_Deployment. */
export function defaultDeployment(deployment: Obj): void {
  const spec = child(deployment, 'spec');
  defaultNil(spec, 'replicas', 1);
  const strategy = child(spec, 'strategy');
  defaultZero(strategy, 'type', 'RollingUpdate');
  if (strategy.type === 'RollingUpdate') {
    const rollingUpdate = child(strategy, 'rollingUpdate');
    defaultNil(rollingUpdate, 'maxUnavailable', '25%');
    defaultNil(rollingUpdate, 'maxSurge', '25%');
  }
  defaultNil(spec, 'revisionHistoryLimit', REVISION_HISTORY_LIMIT);
  defaultNil(spec, 'progressDeadlineSeconds', 600);
  defaultPodTemplateSpec(child(spec, 'template'));
}

/** SetDefaults_ReplicaSet. */
export function defaultReplicaSet(replicaSet: Obj): void {
  const spec = child(replicaSet, 'spec');
  defaultNil(spec, 'replicas', 1);
  defaultPodTemplateSpec(child(spec, 'template'));
}

/** SetDefaults_DaemonSet. */
export function defaultDaemonSet(daemonSet: Obj): void {
  const spec = child(daemonSet, 'spec');
  const updateStrategy = child(spec, 'updateStrategy');
  defaultZero(updateStrategy, 'type', 'RollingUpdate');
  if (updateStrategy.type === 'RollingUpdate') {
    const rollingUpdate = child(updateStrategy, 'rollingUpdate');
    defaultNil(rollingUpdate, 'maxUnavailable', 1);
    defaultNil(rollingUpdate, 'maxSurge', 0);
  }
  defaultNil(spec, 'revisionHistoryLimit', REVISION_HISTORY_LIMIT);
  defaultPodTemplateSpec(child(spec, 'template'));
}

/** SetDefaults_StatefulSet (StatefulSetAutoDeletePVC is on in 1.32); claim templates are PVCs. */
export function defaultStatefulSet(statefulSet: Obj): void {
  const spec = child(statefulSet, 'spec');
  defaultZero(spec, 'podManagementPolicy', 'OrderedReady');
  const updateStrategy = child(spec, 'updateStrategy');
  // Only a defaulted type brings a rollingUpdate; an explicit RollingUpdate keeps what it has.
  if (isEmpty(updateStrategy.type)) {
    updateStrategy.type = 'RollingUpdate';
    defaultNil(updateStrategy, 'rollingUpdate', {});
  }
  const rollingUpdate = optional(updateStrategy, 'rollingUpdate');
  if (updateStrategy.type === 'RollingUpdate' && rollingUpdate) defaultNil(rollingUpdate, 'partition', 0);
  const retention = child(spec, 'persistentVolumeClaimRetentionPolicy');
  defaultZero(retention, 'whenDeleted', 'Retain');
  defaultZero(retention, 'whenScaled', 'Retain');
  defaultNil(spec, 'replicas', 1);
  defaultNil(spec, 'revisionHistoryLimit', REVISION_HISTORY_LIMIT);
  defaultPodTemplateSpec(child(spec, 'template'));
  items(spec, 'volumeClaimTemplates').forEach(defaultPersistentVolumeClaim);
}

/** SetDefaults_ReplicationController: selector and labels come from the template's labels. */
export function defaultReplicationController(controller: Obj): void {
  const spec = child(controller, 'spec');
  const template = optional(spec, 'template');
  const labels = optional(optional(template, 'metadata'), 'labels');
  if (labels) {
    defaultEmpty(spec, 'selector', { ...labels });
    defaultEmpty(child(controller, 'metadata'), 'labels', { ...labels });
  }
  defaultNil(spec, 'replicas', 1);
  if (template) defaultPodTemplateSpec(template);
}
