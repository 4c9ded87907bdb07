import type { HorizontalPodAutoscaler, MetricSpec, MetricStatus, MetricTarget, MetricValueStatus } from 'kubernetes-types/autoscaling/v2.js';
import { AGE_COLUMN, NAME_COLUMN, age, column } from './columns.js';
import type { Printer } from './printer.js';

/** An HPA as stored in autoscaling/v2, or written through autoscaling/v1 with its CPU-only fields. */
type AnyHorizontalPodAutoscaler = HorizontalPodAutoscaler & {
  spec?: { targetCPUUtilizationPercentage?: number };
  status?: { currentCPUUtilizationPercentage?: number };
};

/** The TARGETS cell lists this many metrics, then " + N more...". */
const MAX_METRICS = 2;

export const horizontalPodAutoscalerPrinter: Printer<AnyHorizontalPodAutoscaler> = {
  columns: [
    NAME_COLUMN,
    column('Reference', 'scaleTargetRef points to the target resource to scale.'),
    column('Targets', 'metrics contains the specifications for which to use to calculate the desired replica count.'),
    column('MinPods', 'minReplicas is the lower limit for the number of replicas to which the autoscaler can scale down.'),
    column('MaxPods', 'maxReplicas is the upper limit for the number of pods that can be set by the autoscaler.'),
    column('Replicas', 'currentReplicas is current number of replicas of pods managed by this autoscaler.'),
    AGE_COLUMN,
  ],
  cells(hpa, now) {
    const ref = hpa.spec?.scaleTargetRef;
    return [
      hpa.metadata?.name ?? '',
      `${ref?.kind ?? ''}/${ref?.name ?? ''}`,
      targetsCell(specMetrics(hpa), statusMetrics(hpa)),
      hpa.spec?.minReplicas != null ? String(hpa.spec.minReplicas) : '<unset>',
      hpa.spec?.maxReplicas ?? 0,
      hpa.status?.currentReplicas ?? 0,
      age(hpa.metadata, now),
    ];
  },
};

/** spec.metrics; an autoscaling/v1 CPU target converts to one cpu Utilization metric, as Kubernetes converts it. */
function specMetrics(hpa: AnyHorizontalPodAutoscaler): MetricSpec[] {
  const cpu = hpa.spec?.targetCPUUtilizationPercentage;
  if (hpa.spec?.metrics || cpu === undefined) return hpa.spec?.metrics ?? [];
  return [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: cpu } } }];
}

function statusMetrics(hpa: AnyHorizontalPodAutoscaler): MetricStatus[] {
  const cpu = hpa.status?.currentCPUUtilizationPercentage;
  if (hpa.status?.currentMetrics || cpu === undefined) return hpa.status?.currentMetrics ?? [];
  return [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: cpu } } }];
}

/** printers.go formatHPAMetrics: "cpu: 40%/80%, memory: <unknown>/1Gi + 1 more...". */
function targetsCell(specs: MetricSpec[], statuses: MetricStatus[]): string {
  if (specs.length === 0) return '<none>';
  const shown = specs.slice(0, MAX_METRICS).map((spec, i) => metricCell(spec, statuses[i]));
  const more = specs.length - MAX_METRICS;
  return more > 0 ? `${shown.join(', ')} + ${more} more...` : shown.join(', ');
}

function metricCell(spec: MetricSpec, status: MetricStatus | undefined): string {
  switch (spec.type) {
    case 'External':
      return valueTarget(spec.external?.target, status?.external?.current);
    case 'Pods':
      return `${reported(status?.pods, status?.pods?.current.averageValue)}/${quantity(spec.pods?.target.averageValue)}`;
    case 'Object':
      return valueTarget(spec.object?.target, status?.object?.current);
    case 'Resource':
      return `${spec.resource?.name}: ${resourceTarget(spec.resource?.target, status?.resource?.current)}`;
    case 'ContainerResource':
      return `${spec.containerResource?.name}: ${resourceTarget(spec.containerResource?.target, status?.containerResource?.current)}`;
    default:
      return '<unknown type>';
  }
}

/** External and Object metrics: an average-value target ("1/2 (avg)") or a value target ("1/2"). */
function valueTarget(target: MetricTarget | undefined, current: MetricValueStatus | undefined): string {
  if (target?.averageValue !== undefined) {
    return `${current?.averageValue ?? '<unknown>'}/${target.averageValue} (avg)`;
  }
  return `${reported(current, current?.value)}/${quantity(target?.value)}`;
}

/** Resource metrics: an average-value target, else a utilization target ("40%/80%"). */
function resourceTarget(target: MetricTarget | undefined, current: MetricValueStatus | undefined): string {
  if (target?.averageValue !== undefined) {
    return `${reported(current, current?.averageValue)}/${target.averageValue}`;
  }
  const currentText = current?.averageUtilization !== undefined ? `${current.averageUtilization}%` : '<unknown>';
  const targetText = target?.averageUtilization !== undefined ? `${target.averageUtilization}%` : '<auto>';
  return `${currentText}/${targetText}`;
}

/** A quantity as Go prints a *Quantity: "<nil>" when unset. */
function quantity(value: string | undefined): string {
  return value ?? '<nil>';
}

/** A current value, "<unknown>" while the metric has no status yet. */
function reported(status: object | undefined, value: string | undefined): string {
  return status ? quantity(value) : '<unknown>';
}
