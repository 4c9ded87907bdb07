import test from 'ava';
import { leasePrinter } from './leases.js';

const now = new Date('2026-11-24T12:00:00Z');

test('leases: NAME HOLDER AGE', (t) => {
  t.deepEqual(leasePrinter.columns.map((c) => c.name), ['Name', 'Holder', 'Age']);
  const metadata = { name: 'kube-scheduler', namespace: 'kube-system', creationTimestamp: '2026-11-24T11:58:00Z' };
  t.deepEqual(leasePrinter.cells({ metadata, spec: { holderIdentity: 'scheduler-0_4f2c' } }, now), ['kube-scheduler', 'scheduler-0_4f2c', '2m']);
  t.deepEqual(leasePrinter.cells({ metadata, spec: {} }, now), ['kube-scheduler', '', '2m']);
});
