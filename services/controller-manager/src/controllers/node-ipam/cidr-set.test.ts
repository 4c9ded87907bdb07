import test from 'ava';
import { CidrError, CidrSet } from './cidr-set.js';

test('a /16 gives 256 /24s in order, then refuses; a released one comes back only after the others', (t) => {
  const set = new CidrSet('10.244.0.0/16');
  t.is(set.allocateNext(), '10.244.0.0/24');
  t.is(set.allocateNext(), '10.244.1.0/24');
  set.release('10.244.0.0/24');
  for (let i = 2; i < 256; i++) t.is(set.allocateNext(), `10.244.${i}.0/24`);
  t.is(set.allocateNext(), '10.244.0.0/24', 'the released subnet, once the search wraps');
  t.is(set.free, 0);
  t.throws(() => set.allocateNext(), { instanceOf: CidrError, message: 'no remaining CIDRs to allocate in the cluster CIDR' });
});

test('subnets nodes already have are skipped; foreign or malformed ones are errors', (t) => {
  const set = new CidrSet('10.244.0.0/22');
  set.occupy('10.244.0.0/24');
  set.occupy('10.244.2.0/24');
  t.is(set.allocateNext(), '10.244.1.0/24');
  t.is(set.allocateNext(), '10.244.3.0/24');
  t.throws(() => set.occupy('10.245.0.0/24'), { instanceOf: CidrError, message: /is not a \/24 of the cluster CIDR 10\.244\.0\.0\/22/ });
  t.throws(() => set.occupy('10.244.0.0/25'), { instanceOf: CidrError });
  t.throws(() => new CidrSet('10.244.0.1/16'), { message: 'invalid CIDR "10.244.0.1/16": host bits are set' });
  t.throws(() => new CidrSet('10.244.0.0/25'), { message: 'a /24 subnet does not fit cluster CIDR 10.244.0.0/25' });
  t.throws(() => new CidrSet('300.0.0.0/8'), { message: 'invalid IPv4 address "300.0.0.0"' });
});
