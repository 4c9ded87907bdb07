import test from 'ava';
import type { EndpointAddress } from 'kubernetes-types/core/v1.js';
import { truncateSubsets } from './truncate.js';

const addrs = (n: number, prefix: string): EndpointAddress[] => Array.from({ length: n }, (_, i) => ({ ip: `${prefix}.${i}` }));
const sizes = (subsets: ReturnType<typeof truncateSubsets>['subsets']) => subsets.map((s) => [s.addresses?.length ?? 0, s.notReadyAddresses?.length ?? 0]);

test('within capacity nothing changes', (t) => {
  const subsets = [{ addresses: addrs(6, '10.0.0'), notReadyAddresses: addrs(4, '10.0.1') }];
  t.deepEqual(truncateSubsets(subsets, 10), { subsets, truncated: false });
});

test('over capacity the not-ready addresses are cut first, each subset by its share', (t) => {
  const subsets = [
    { addresses: addrs(4, '10.0.0'), notReadyAddresses: addrs(4, '10.0.1') },
    { addresses: addrs(2, '10.0.2'), notReadyAddresses: addrs(4, '10.0.3') },
  ];
  const result = truncateSubsets(subsets, 10);
  t.true(result.truncated);
  t.deepEqual(sizes(result.subsets), [
    [4, 2],
    [2, 2],
  ]);
});

test('when the ready addresses alone are too many, they are cut by share and every not-ready one goes', (t) => {
  const subsets = [
    { addresses: addrs(9, '10.0.0'), notReadyAddresses: addrs(4, '10.0.1') },
    { addresses: addrs(6, '10.0.2') },
  ];
  const result = truncateSubsets(subsets, 10);
  t.deepEqual(sizes(result.subsets), [
    [6, 0],
    [4, 0],
  ]);
});
