import test from 'ava';
import type { Obj } from './fields.js';
import { defaultNode } from './node.js';

test('allocatable defaults to capacity, in canonical quantities', (t) => {
  const node: Obj = { metadata: { name: 'node-1' }, status: { capacity: { cpu: 4, memory: '8Gi', pods: '110' } } };
  defaultNode(node);
  t.deepEqual(node, {
    metadata: { name: 'node-1' },
    spec: {},
    status: { capacity: { cpu: '4', memory: '8Gi', pods: '110' }, allocatable: { cpu: '4', memory: '8Gi', pods: '110' } },
  });
});

test('a reported allocatable is kept', (t) => {
  const node: Obj = { spec: { podCIDR: '10.244.1.0/24' }, status: { capacity: { cpu: '4' }, allocatable: { cpu: '3800m' } } };
  defaultNode(node);
  t.deepEqual((node.status as Obj).allocatable, { cpu: '3800m' });
  t.deepEqual(node.spec, { podCIDR: '10.244.1.0/24' });
});
