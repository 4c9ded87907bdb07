import test from 'ava';
import { validateNode, validateNodeUpdate } from './node.js';

const messages = (errors: readonly unknown[]): string[] => errors.map(String);

test('taints: effects and uniqueness by key and effect', (t) => {
  const errors = validateNode({ spec: { taints: [{ key: 'k', effect: 'NoSchedule' }, { key: 'k', effect: 'NoSchedule' }, { key: 'j', effect: 'Sometimes' }] } });
  t.deepEqual(messages(errors), [
    'metadata.taints[1]: Duplicate value: {"effect":"NoSchedule","key":"k"}: taints must be unique by key and effect pair',
    'metadata.taints[2].effect: Unsupported value: "Sometimes": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"',
  ]);
});

test('pod CIDRs are valid and set once', (t) => {
  t.deepEqual(messages(validateNode({ spec: { podCIDRs: ['10.244.1.0/24', '10.244.1.0/33'] } })), [
    'spec.podCIDRs[1]: Invalid value: "10.244.1.0/33": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
  ]);
  t.deepEqual(validateNodeUpdate({ spec: { podCIDRs: ['10.244.1.0/24'] } }, { spec: {} }), []);
  t.deepEqual(messages(validateNodeUpdate({ spec: { podCIDRs: ['10.244.2.0/24'] } }, { spec: { podCIDRs: ['10.244.1.0/24'] } })), [
    'spec.podCIDRs: Forbidden: node updates may not change podCIDR except from "" to valid',
  ]);
});
