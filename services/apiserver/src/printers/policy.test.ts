import test from 'ava';
import { podDisruptionBudgetPrinter, resourceQuotaPrinter } from './policy.js';

const now = new Date('2026-11-24T12:00:00Z');
const metadata = { name: 'x', namespace: 'default', creationTimestamp: '2026-11-24T11:00:00Z' };

test('poddisruptionbudgets: MIN AVAILABLE, MAX UNAVAILABLE as int or percent, N/A when unset', (t) => {
  t.deepEqual(podDisruptionBudgetPrinter.columns.map((c) => c.name), ['Name', 'Min Available', 'Max Unavailable', 'Allowed Disruptions', 'Age']);
  const status = { currentHealthy: 3, desiredHealthy: 2, disruptionsAllowed: 1, expectedPods: 3 };
  t.deepEqual(podDisruptionBudgetPrinter.cells({ metadata, spec: { minAvailable: 2 }, status }, now), ['x', '2', 'N/A', 1, '60m']);
  t.deepEqual(podDisruptionBudgetPrinter.cells({ metadata, spec: { maxUnavailable: '25%' } }, now).slice(1, 4), ['N/A', '25%', 0]);
});

test('resourcequotas: REQUEST and LIMIT list used/hard sorted by resource, limits.* under LIMIT', (t) => {
  t.deepEqual(resourceQuotaPrinter.columns.map((c) => c.name), ['Name', 'Request', 'Limit', 'Age']);
  const quota = {
    metadata,
    status: {
      hard: { pods: '10', 'requests.cpu': '2', 'limits.memory': '2Gi', 'limits.cpu': '4', configmaps: '5' },
      used: { pods: '3', 'requests.cpu': '500m', 'limits.cpu': '1' },
    },
  };
  t.deepEqual(resourceQuotaPrinter.cells(quota, now), ['x', 'configmaps: 0/5, pods: 3/10, requests.cpu: 500m/2', 'limits.cpu: 1/4, limits.memory: 0/2Gi', '60m']);
  t.deepEqual(resourceQuotaPrinter.cells({ metadata }, now).slice(1, 3), ['', '']);
});
