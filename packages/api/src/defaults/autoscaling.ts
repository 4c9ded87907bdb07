// HorizontalPodAutoscalers in autoscaling/v2 as the 1.32 defaulters leave them: one replica at
// least, 80% CPU utilization without metrics, and complete scaling rules once behavior is given.
import { child, defaultEmpty, defaultNil, optional, type Obj } from './fields.js';

/** autoscaling.DefaultCPUUtilization. */
const DEFAULT_CPU_UTILIZATION = 80;

/** The rules the controller applied before behavior existed (GenerateHPAScaleUpRules). */
function scaleUpRules(): Obj {
  return {
    stabilizationWindowSeconds: 0,
    selectPolicy: 'Max',
    policies: [
      { type: 'Pods', value: 4, periodSeconds: 15 },
      { type: 'Percent', value: 100, periodSeconds: 15 },
    ],
  };
}

/** Scale-down leaves the stabilization window to the controller's flag. */
function scaleDownRules(): Obj {
  return { selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] };
}

/** copyHPAScalingRules: what the client set wins, field by field. */
function completeRules(behavior: Obj, key: string, defaults: Obj): void {
  const given = optional(behavior, key) ?? {};
  const complete = { ...defaults };
  for (const field of ['selectPolicy', 'stabilizationWindowSeconds', 'policies']) {
    if (given[field] !== undefined && given[field] !== null) complete[field] = given[field];
  }
  behavior[key] = complete;
}

export function defaultHorizontalPodAutoscaler(hpa: Obj): void {
  const spec = child(hpa, 'spec');
  defaultNil(spec, 'minReplicas', 1);
  defaultEmpty(spec, 'metrics', [
    { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: DEFAULT_CPU_UTILIZATION } } },
  ]);
  const behavior = optional(spec, 'behavior');
  if (!behavior) return;
  completeRules(behavior, 'scaleUp', scaleUpRules());
  completeRules(behavior, 'scaleDown', scaleDownRules());
}
