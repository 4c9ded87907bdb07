import test from 'ava';
import { linuxContainerResources, milliCPUToQuota, milliCPUToShares, QUOTA_PERIOD } from './linux-resources.js';

test('milliCPUToShares: 1024 per cpu, at least 2, at most 262144', (t) => {
  t.is(milliCPUToShares(0n), 2n);
  t.is(milliCPUToShares(1n), 2n);
  t.is(milliCPUToShares(100n), 102n);
  t.is(milliCPUToShares(1000n), 1024n);
  t.is(milliCPUToShares(500_000n), 262_144n);
});

test('milliCPUToQuota: none without a limit, at least 1ms', (t) => {
  t.is(milliCPUToQuota(0n, QUOTA_PERIOD), 0n);
  t.is(milliCPUToQuota(5n, QUOTA_PERIOD), 1000n);
  t.is(milliCPUToQuota(250n, QUOTA_PERIOD), 25_000n);
  t.is(milliCPUToQuota(2000n, QUOTA_PERIOD), 200_000n);
});

test('requests and limits become shares, quota, period and memory limit', (t) => {
  const resources = linuxContainerResources({ name: 'c', resources: { requests: { cpu: '250m', memory: '64Mi' }, limits: { cpu: '1', memory: '128Mi' } } });
  t.like(resources, { cpuShares: 256n, cpuQuota: 100_000n, cpuPeriod: 100_000n, memoryLimitInBytes: 134_217_728n });
});

test('a cpu request defaults to the limit; no resources means minimal shares and no limits', (t) => {
  t.like(linuxContainerResources({ name: 'c', resources: { limits: { cpu: '500m' } } }), { cpuShares: 512n, cpuQuota: 50_000n, memoryLimitInBytes: 0n });
  t.like(linuxContainerResources({ name: 'c' }), { cpuShares: 2n, cpuQuota: 0n, cpuPeriod: 100_000n, memoryLimitInBytes: 0n });
  // Fractions of a milli-cpu and of a byte round up.
  t.like(linuxContainerResources({ name: 'c', resources: { limits: { cpu: '0.0001', memory: '1.5' } } }), { cpuQuota: 1000n, memoryLimitInBytes: 2n });
});
