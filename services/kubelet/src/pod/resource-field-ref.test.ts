import test from 'ava';
import type { Container } from 'kubernetes-types/core/v1.js';
import { containerResourceValue, limitsWithNodeDefaults, ResourceFieldError } from './resource-field-ref.js';
import { makePod } from './test-support.js';

const allocatable = { cpu: '4', memory: '8Gi', 'ephemeral-storage': '100Gi' };
const container: Container = { name: 'app', resources: { requests: { cpu: '250m', memory: '64Mi' }, limits: { cpu: '1500m', memory: '128Mi' } } };
const pod = makePod({ containers: [container, { name: 'bare' }] });

const value = (resource: string, divisor?: string, containerName?: string) => containerResourceValue({ resource, divisor, containerName }, pod, container, allocatable);

test('cpu rounds up to whole divisors', (t) => {
  t.is(value('limits.cpu'), '2');
  t.is(value('limits.cpu', '1m'), '1500');
  t.is(value('requests.cpu'), '1');
  t.is(value('requests.cpu', '1m'), '250');
  t.is(value('requests.cpu', '100m'), '3');
});

test('memory in bytes or divisor units, rounded up', (t) => {
  t.is(value('limits.memory'), String(128 * 1024 * 1024));
  t.is(value('limits.memory', '1Mi'), '128');
  t.is(value('requests.memory', '1Gi'), '1');
  t.is(value('requests.memory', '1M'), '68');
});

test('a missing limit is the node allocatable; a missing request is 0', (t) => {
  t.is(value('limits.cpu', '1', 'bare'), '4');
  t.is(value('limits.memory', '1Gi', 'bare'), '8');
  t.is(value('requests.memory', '1', 'bare'), '0');
  t.deepEqual(limitsWithNodeDefaults({ name: 'x', resources: { limits: { cpu: '0', memory: '1Gi' } } }, allocatable), { cpu: '4', memory: '1Gi', 'ephemeral-storage': '100Gi' });
});

test('unknown resources and containers fail', (t) => {
  t.is(t.throws(() => value('limits.nvidia.com/gpu'), { instanceOf: ResourceFieldError }).message, 'unsupported container resource : limits.nvidia.com/gpu');
  t.is(t.throws(() => value('limits.cpu', undefined, 'nope'), { instanceOf: ResourceFieldError }).message, 'container nope not found');
});
