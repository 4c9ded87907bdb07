import test from 'ava';
import type { Obj } from './fields.js';
import { defaultResourceList } from './resource-list.js';

test('quantities are rounded up to milli units and printed canonically', (t) => {
  const resources: Obj = { limits: { cpu: '0.5', memory: '1.5Gi', 'nvidia.com/gpu': 1, storage: '1000M', tiny: '0.0001', big: '1e3', bad: 'lots' } };
  defaultResourceList(resources, 'limits');
  t.deepEqual(resources.limits, { cpu: '500m', memory: '1536Mi', 'nvidia.com/gpu': '1', storage: '1G', tiny: '1m', big: '1e3', bad: 'lots' });
});

test('a missing list stays missing', (t) => {
  const resources: Obj = {};
  defaultResourceList(resources, 'requests');
  t.deepEqual(resources, {});
});
