import test from 'ava';
import { Quantity, QUANTITY_FORMAT_ERROR } from './quantity.js';

test('parses and prints quantities in canonical form', (t) => {
  const cases: [string, string][] = [
    ['500m', '500m'],
    ['0.5', '500m'],
    ['1000m', '1'],
    ['1.5', '1500m'],
    ['2Gi', '2Gi'],
    ['1.5Gi', '1536Mi'],
    ['1024', '1024'],
    ['12000', '12k'],
    ['1e3', '1e3'],
    ['0', '0'],
    ['-1', '-1'],
    ['100Mi', '100Mi'],
  ];
  for (const [input, printed] of cases) t.is(Quantity.parse(input).toString(), printed, input);
});

test('compares exactly across suffixes', (t) => {
  t.is(Quantity.parse('1').compare(Quantity.parse('1000m')), 0);
  t.is(Quantity.parse('1Gi').compare(Quantity.parse('1G')), 1);
  t.is(Quantity.parse('100m').compare(Quantity.parse('0.2')), -1);
  t.true(Quantity.parse('1.0001n').compare(Quantity.parse('2n')) === 0, 'rounded up to the next nano');
});

test('rejects malformed quantities with Kubernetes messages', (t) => {
  for (const bad of ['', 'abc', '1.2.3', '1Q', '--1']) t.throws(() => Quantity.parse(bad), { message: QUANTITY_FORMAT_ERROR }, bad);
  t.throws(() => Quantity.parse('1Kii'), { message: "unable to parse quantity's suffix" });
  t.is(QUANTITY_FORMAT_ERROR, "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
});

test('bare JSON numbers are quantities too', (t) => {
  t.is(Quantity.fromJson(2).toString(), '2');
  t.is(Quantity.fromJson(0.25).toString(), '250m');
});
