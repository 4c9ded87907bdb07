// The Priority admission plugin (plugin/pkg/admission/priority) on pod create: the pod's priority
// and preemption policy come from its PriorityClass, or are 0 and PreemptLowerPriority without one.
import { defaultNil, isEmpty, type Obj } from './fields.js';

/** The built-in classes every cluster has (scheduling.SystemPriorityClasses). */
const SYSTEM_PRIORITY_CLASSES: Readonly<Record<string, number>> = {
  'system-node-critical': 2000001000,
  'system-cluster-critical': 2000000000,
};
/** scheduling.DefaultPriorityWhenNoDefaultClassExists. */
const DEFAULT_PRIORITY = 0;

/**
 * Sets spec.priority and spec.preemptionPolicy for pods without a class or with a system class.
 * A pod naming a user PriorityClass is left alone: resolving it needs that object.
 */
export function admitPodPriority(spec: Obj): void {
  const className = spec.priorityClassName;
  let priority = DEFAULT_PRIORITY;
  if (!isEmpty(className)) {
    if (typeof className !== 'string' || !Object.hasOwn(SYSTEM_PRIORITY_CLASSES, className)) return;
    priority = SYSTEM_PRIORITY_CLASSES[className];
  }
  defaultNil(spec, 'priority', priority);
  defaultNil(spec, 'preemptionPolicy', 'PreemptLowerPriority');
}
