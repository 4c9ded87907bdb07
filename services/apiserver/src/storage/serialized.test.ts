import test from 'ava';
import { serializedJson, serializedList } from './serialized.js';

test('a list spliced from cached item bytes is the JSON that stringifying it whole gives', (t) => {
  const items = [{ kind: 'Pod', metadata: { name: 'a' } }, { kind: 'Pod', metadata: { name: 'b', labels: { 'x"y': 'ü' } } }];
  const list = { kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: '7' }, items };
  t.is(serializedList(list).toString(), JSON.stringify(list));
  t.is(serializedList({ ...list, items: [] }).toString(), JSON.stringify({ ...list, items: [] }));
  t.is(serializedList({ items } as never).toString(), JSON.stringify({ items }));
});

test('an object is stringified once: later calls return the same bytes', (t) => {
  const obj = { metadata: { name: 'a' } };
  t.is(serializedJson(obj), serializedJson(obj));
  t.not(serializedJson(obj), serializedJson({ ...obj }));
});
