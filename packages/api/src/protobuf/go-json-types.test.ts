import test from 'ava';
import { GO_JSON_TYPES, type GoJsonType } from './go-json-types.js';

function goType(name: string): GoJsonType {
  const type = GO_JSON_TYPES.get(name);
  if (!type) throw new Error(`no ${name}`);
  return type;
}

const time = goType('.k8s.io.apimachinery.pkg.apis.meta.v1.Time');
const microTime = goType('.k8s.io.apimachinery.pkg.apis.meta.v1.MicroTime');
const quantity = goType('.k8s.io.apimachinery.pkg.api.resource.Quantity');
const intOrString = goType('.k8s.io.apimachinery.pkg.util.intstr.IntOrString');

test('Time is RFC3339 in UTC with whole seconds; the empty message is the zero Time, null', (t) => {
  t.is(time.toJson({ seconds: 1714979289, nanos: 500_000_000 }), '2024-05-06T07:08:09Z');
  t.is(time.toJson({ seconds: 0 }), '1970-01-01T00:00:00Z');
  t.is(time.toJson({}), null);
  t.deepEqual(time.fromJson('2024-05-06T09:08:09+02:00'), { seconds: 1714979289, nanos: 0 });
  t.deepEqual(time.fromJson(null), {});
});

test('MicroTime keeps six fractional digits', (t) => {
  t.is(microTime.toJson({ seconds: 1714979289, nanos: 123_456_789 }), '2024-05-06T07:08:09.123456Z');
  t.is(microTime.toJson({ seconds: 1714979289, nanos: 0 }), '2024-05-06T07:08:09.000000Z');
  t.deepEqual(microTime.fromJson('2024-05-06T07:08:09.123456Z'), { seconds: 1714979289, nanos: 123_456_000 });
});

test('Quantity is its string; a zero Quantity is "0"', (t) => {
  t.is(quantity.toJson({ string: '1500m' }), '1500m');
  t.is(quantity.toJson({}), '0');
  t.deepEqual(quantity.fromJson('1Gi'), { string: '1Gi' });
});

test('IntOrString is a number or a string by its type', (t) => {
  t.is(intOrString.toJson({ type: 0, intVal: 8080 }), 8080);
  t.is(intOrString.toJson({ type: 1, strVal: 'http' }), 'http');
  t.is(intOrString.toJson({ type: 0 }), 0);
  t.deepEqual(intOrString.fromJson(25), { type: 0, intVal: 25 });
  t.deepEqual(intOrString.fromJson('25%'), { type: 1, strVal: '25%' });
});
