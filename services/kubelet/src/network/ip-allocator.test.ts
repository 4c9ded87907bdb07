import test from 'ava';
import { IpAllocator, cidrContains, parseCidr } from './ip-allocator.js';

test('addresses come round-robin from the CIDR, skipping network, broadcast and excluded ones', (t) => {
  const a = new IpAllocator('10.210.0.0/24', ['10.210.0.1']);
  t.is(a.allocate(), '10.210.0.2');
  t.is(a.allocate(), '10.210.0.3');
  a.release('10.210.0.2');
  t.is(a.allocate(), '10.210.0.4');
});

test('the range is exhausted after every host address, then a released one comes back', (t) => {
  const a = new IpAllocator('10.210.3.0/29');
  const ips = Array.from({ length: 6 }, () => a.allocate());
  t.deepEqual(ips, ['10.210.3.1', '10.210.3.2', '10.210.3.3', '10.210.3.4', '10.210.3.5', '10.210.3.6']);
  t.is(a.allocate(), undefined);
  a.release('10.210.3.4');
  t.is(a.allocate(), '10.210.3.4');
});

test('reserved addresses (recovered from sandboxes) are not handed out; foreign ones are refused', (t) => {
  const a = new IpAllocator('10.210.1.0/30');
  t.true(a.reserve('10.210.1.1'));
  t.false(a.reserve('10.210.2.1'));
  t.false(a.reserve('not-an-ip'));
  t.is(a.allocate(), '10.210.1.2');
  t.is(a.allocate(), undefined);
  t.true(a.isAllocated('10.210.1.1'));
});

test('CIDRs are parsed to their network address; bad ones are rejected', (t) => {
  t.deepEqual(parseCidr('10.0.1.7/24'), { base: 10 * 2 ** 24 + 256, size: 256 });
  t.is(parseCidr('10.0.1.0'), undefined);
  t.is(parseCidr('10.0.1.0/33'), undefined);
  t.is(parseCidr('300.0.1.0/24'), undefined);
  t.throws(() => new IpAllocator('nope'), { instanceOf: RangeError });
  t.true(cidrContains('10.244.0.0/16', '10.244.7.9'));
  t.false(cidrContains('10.244.0.0/16', '10.245.0.1'));
});
