// The one entry point the apiserver calls: a built-in kind's own validation on create (no old
// object) or update, dispatched by group and kind. Metadata is validated elsewhere, for every kind.
import type { Service } from 'kubernetes-types/core/v1.js';
import type { FieldError } from './field-errors.js';
import { validateCronJob, validateCronJobUpdate, validateJob, validateJobUpdate } from './batch.js';
import { validateConfigMap, validateConfigMapUpdate, validateSecret, validateSecretUpdate } from './config.js';
import { validateNamespace } from './namespace.js';
import { validateNode, validateNodeUpdate } from './node.js';
import { validatePodCreate, validatePodUpdate } from './pod.js';
import { validateService, validateServiceUpdate, type PortRange } from './service.js';
import {
  validateDaemonSet,
  validateDaemonSetUpdate,
  validateDeployment,
  validateDeploymentUpdate,
  validateReplicaSet,
  validateReplicaSetUpdate,
  validateStatefulSet,
  validateStatefulSetUpdate,
} from './workloads.js';

export interface ValidationOptions {
  /** The service node port range (--service-node-port-range); requested node ports must lie in it. */
  nodePortRange?: PortRange;
}

/** Each kind's validators take their own object type; the dispatcher hands them the object it was given. */
interface KindValidation {
  create(object: never, options: ValidationOptions): FieldError[];
  update(object: never, old: never, options: ValidationOptions): FieldError[];
}

const KINDS: Readonly<Record<string, KindValidation>> = {
  '/Pod': { create: validatePodCreate, update: validatePodUpdate },
  '/Service': { create: (service: Service, options: ValidationOptions) => validateService(service, options.nodePortRange), update: validateServiceUpdate },
  '/ConfigMap': { create: validateConfigMap, update: validateConfigMapUpdate },
  '/Secret': { create: validateSecret, update: validateSecretUpdate },
  '/Node': { create: validateNode, update: validateNodeUpdate },
  '/Namespace': { create: validateNamespace, update: validateNamespace },
  'apps/Deployment': { create: validateDeployment, update: validateDeploymentUpdate },
  'apps/ReplicaSet': { create: validateReplicaSet, update: validateReplicaSetUpdate },
  'apps/StatefulSet': { create: validateStatefulSet, update: validateStatefulSetUpdate },
  'apps/DaemonSet': { create: validateDaemonSet, update: validateDaemonSetUpdate },
  'batch/Job': { create: validateJob, update: validateJobUpdate },
  'batch/CronJob': { create: validateCronJob, update: validateCronJobUpdate },
};

/**
 * The field errors of a built-in object (an empty list when it is valid or its kind has no rules
 * here). `group` is '' for the core group; every version of a kind shares its rules.
 */
export function validateObject(group: string, _version: string, kind: string, obj: object, old?: object, options: ValidationOptions = {}): FieldError[] {
  const validation = Object.hasOwn(KINDS, `${group}/${kind}`) ? KINDS[`${group}/${kind}`] : undefined;
  if (validation === undefined) return [];
  return old === undefined ? validation.create(obj as never, options) : validation.update(obj as never, old as never, options);
}
