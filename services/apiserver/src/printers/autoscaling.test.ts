import test from 'ava';
import type { HorizontalPodAutoscaler } from 'kubernetes-types/autoscaling/v2.js';
import { horizontalPodAutoscalerPrinter } from './autoscaling.js';

const now = new Date('2026-11-24T12:00:00Z');
const metadata = { name: 'web', namespace: 'default', creationTimestamp: '2026-11-24T11:00:00Z' };
const scaleTargetRef = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' };

test('horizontalpodautoscalers: NAME REFERENCE TARGETS MINPODS MAXPODS REPLICAS AGE', (t) => {
  t.deepEqual(horizontalPodAutoscalerPrinter.columns.map((c) => c.name), ['Name', 'Reference', 'Targets', 'MinPods', 'MaxPods', 'Replicas', 'Age']);
  const hpa: HorizontalPodAutoscaler = {
    metadata,
    spec: {
      scaleTargetRef,
      minReplicas: 2,
      maxReplicas: 10,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }],
    },
    status: { currentReplicas: 3, desiredReplicas: 3, currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 42 } } }] },
  };
  t.deepEqual(horizontalPodAutoscalerPrinter.cells(hpa, now), ['web', 'Deployment/web', 'cpu: 42%/80%', '2', 10, 3, '60m']);
});

test('targets not yet measured are <unknown>; more than two metrics are summarised', (t) => {
  const hpa: HorizontalPodAutoscaler = {
    metadata,
    spec: {
      scaleTargetRef,
      maxReplicas: 5,
      metrics: [
        { type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '1Gi' } } },
        { type: 'Pods', pods: { metric: { name: 'qps' }, target: { type: 'AverageValue', averageValue: '100' } } },
        { type: 'External', external: { metric: { name: 'queue' }, target: { type: 'Value', value: '30' } } },
      ],
    },
  };
  t.deepEqual(horizontalPodAutoscalerPrinter.cells(hpa, now).slice(2, 6), ['memory: <unknown>/1Gi, <unknown>/100 + 1 more...', '<unset>', 5, 0]);
});

test('object and external metrics, by value and by average', (t) => {
  const hpa: HorizontalPodAutoscaler = {
    metadata,
    spec: {
      scaleTargetRef,
      maxReplicas: 5,
      metrics: [
        { type: 'Object', object: { describedObject: { kind: 'Service', name: 'web' }, metric: { name: 'rps' }, target: { type: 'AverageValue', averageValue: '10' } } },
        { type: 'External', external: { metric: { name: 'queue' }, target: { type: 'Value', value: '30' } } },
      ],
    },
    status: {
      desiredReplicas: 1,
      currentMetrics: [
        { type: 'Object', object: { describedObject: { kind: 'Service', name: 'web' }, metric: { name: 'rps' }, current: { averageValue: '7' } } },
        { type: 'External', external: { metric: { name: 'queue' }, current: { value: '12' } } },
      ],
    },
  };
  t.is(horizontalPodAutoscalerPrinter.cells(hpa, now)[2], '7/10 (avg), 12/30');
});

test('an HPA without metrics shows <none>; an autoscaling/v1 CPU target converts', (t) => {
  t.is(horizontalPodAutoscalerPrinter.cells({ metadata, spec: { scaleTargetRef, maxReplicas: 3 } }, now)[2], '<none>');
  const v1 = { metadata, spec: { scaleTargetRef, maxReplicas: 3, targetCPUUtilizationPercentage: 50 }, status: { currentReplicas: 1, desiredReplicas: 1 } };
  t.is(horizontalPodAutoscalerPrinter.cells(v1, now)[2], 'cpu: <unknown>/50%');
  const measured = { ...v1, status: { ...v1.status, currentCPUUtilizationPercentage: 20 } };
  t.is(horizontalPodAutoscalerPrinter.cells(measured, now)[2], 'cpu: 20%/50%');
});
