import test from 'ava';
import type { Obj } from './fields.js';
import { defaultLimitRange } from './limit-range.js';

test('a container limit range fills default limits from max and default requests from defaults, then min', (t) => {
  const limitRange: Obj = { spec: { limits: [{ type: 'Container', max: { cpu: '2', memory: '1Gi' }, min: { cpu: '0.1', 'ephemeral-storage': '1Gi' }, default: { cpu: '1' } }] } };
  defaultLimitRange(limitRange);
  t.deepEqual((limitRange.spec as Obj).limits, [
    {
      type: 'Container',
      max: { cpu: '2', memory: '1Gi' },
      min: { cpu: '100m', 'ephemeral-storage': '1Gi' },
      default: { cpu: '1', memory: '1Gi' },
      defaultRequest: { cpu: '1', memory: '1Gi', 'ephemeral-storage': '1Gi' },
    },
  ]);
});

test('pod limit ranges get no defaults', (t) => {
  const limitRange: Obj = { spec: { limits: [{ type: 'Pod', max: { cpu: '2' } }] } };
  defaultLimitRange(limitRange);
  t.deepEqual((limitRange.spec as Obj).limits, [{ type: 'Pod', max: { cpu: '2' } }]);
});
