import test from 'ava';
import { IpAllocator } from '../network/ip-allocator.js';
import { MAX_HOLLOW_NODES, podCidr } from './pod-cidr.js';

test('each node index has its own /24 under 10.128.0.0/9', (t) => {
  t.is(podCidr(0), '10.128.0.0/24');
  t.is(podCidr(1), '10.128.1.0/24');
  t.is(podCidr(256), '10.129.0.0/24');
  t.is(podCidr(4999), '10.147.135.0/24');
  t.is(podCidr(MAX_HOLLOW_NODES - 1), '10.255.255.0/24');
  t.throws(() => podCidr(MAX_HOLLOW_NODES), { instanceOf: RangeError });
  t.throws(() => podCidr(-1), { instanceOf: RangeError });
});

test('addresses are handed out round-robin, a released one not reused before the range wraps', (t) => {
  const allocator = new IpAllocator(podCidr(3));
  t.is(allocator.allocate(), '10.128.3.1');
  t.is(allocator.allocate(), '10.128.3.2');
  allocator.release('10.128.3.1');
  t.is(allocator.allocate(), '10.128.3.3');
});

test('all 254 addresses are distinct, then there are none until one is released', (t) => {
  const allocator = new IpAllocator(podCidr(0));
  const ips = Array.from({ length: 254 }, () => allocator.allocate());
  t.is(new Set(ips).size, 254);
  t.false(ips.includes('10.128.0.0'));
  t.false(ips.includes('10.128.0.255'));
  t.is(allocator.allocate(), undefined);
  allocator.release('10.128.0.77');
  t.is(allocator.allocate(), '10.128.0.77');
});

test('an address found on an existing pod is reserved only when it is in the node range', (t) => {
  const allocator = new IpAllocator(podCidr(0));
  t.true(allocator.reserve('10.128.0.1'));
  t.false(allocator.reserve('10.128.1.2'));
  t.false(allocator.reserve('10.128.0.255'));
  t.false(allocator.reserve('10.128.0.1x'));
  t.is(allocator.allocate(), '10.128.0.2');
});
