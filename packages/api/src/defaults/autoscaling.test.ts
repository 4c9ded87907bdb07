import test from 'ava';
import { defaultHorizontalPodAutoscaler } from './autoscaling.js';
import type { Obj } from './fields.js';

test('an autoscaler from kubectl autoscale targets 80% CPU from one replica', (t) => {
  const hpa: Obj = { spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, maxReplicas: 5 } };
  defaultHorizontalPodAutoscaler(hpa);
  t.deepEqual(hpa.spec, {
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
    maxReplicas: 5,
    minReplicas: 1,
    metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }],
  });
});

test('a given behavior is completed rule by rule, keeping what the client set', (t) => {
  const hpa: Obj = { spec: { minReplicas: 2, maxReplicas: 5, metrics: [{ type: 'Pods' }], behavior: { scaleDown: { stabilizationWindowSeconds: 60 } } } };
  defaultHorizontalPodAutoscaler(hpa);
  const spec = hpa.spec as Obj;
  t.is(spec.minReplicas, 2);
  t.deepEqual(spec.metrics, [{ type: 'Pods' }]);
  t.deepEqual(spec.behavior, {
    scaleUp: {
      stabilizationWindowSeconds: 0,
      selectPolicy: 'Max',
      policies: [
        { type: 'Pods', value: 4, periodSeconds: 15 },
        { type: 'Percent', value: 100, periodSeconds: 15 },
      ],
    },
    scaleDown: { selectPolicy: 'Max', stabilizationWindowSeconds: 60, policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] },
  });
  const again = structuredClone(hpa);
  defaultHorizontalPodAutoscaler(again);
  t.deepEqual(again, hpa);
});
