import test from 'ava';
import { PatchError } from './json-patch.js';
import { applyMergePatch } from './merge-patch.js';

test('kubectl scale and label bodies merge into the object', (t) => {
  const original = { metadata: { name: 'web', labels: { run: 'x', app: 'web' } }, spec: { replicas: 1, paused: false } };
  const scaled = applyMergePatch(original, { spec: { replicas: 3 } });
  t.deepEqual(scaled, { metadata: original.metadata, spec: { replicas: 3, paused: false } });
  const labelled = applyMergePatch(original, { metadata: { labels: { env: 'prod', run: null } } });
  t.deepEqual(labelled, { metadata: { name: 'web', labels: { app: 'web', env: 'prod' } }, spec: original.spec });
  t.deepEqual(original.metadata.labels, { run: 'x', app: 'web' }, 'input not mutated');
});

test('arrays are replaced whole, and null removes a member that is absent without error', (t) => {
  const result = applyMergePatch({ a: [1, 2], b: { c: 1 } }, { a: [3], b: null, missing: null });
  t.deepEqual(result, { a: [3] });
});

test('values merged into absent or non-object members lose their nulls (RFC 7386 appendix cases)', (t) => {
  t.deepEqual(applyMergePatch({ a: 'b' }, { a: { bb: { ccc: null } } }), { a: { bb: {} } });
  t.deepEqual(applyMergePatch({}, { a: { b: null, c: [{ d: null, e: 1 }] } }), { a: { c: [{ e: 1 }] } });
  t.deepEqual(applyMergePatch({ e: null }, { a: 1 }), { e: null, a: 1 });
});

test('an object member replaced by an array keeps the array as sent', (t) => {
  t.deepEqual(applyMergePatch({ a: { b: 1 } }, { a: [{ c: null }] }), { a: [{ c: null }] });
});

test('a null or scalar patch is 400 Invalid JSON Patch; an array patch replaces the document', (t) => {
  for (const patch of [null, 'x', 3]) {
    const error = t.throws(() => applyMergePatch({ a: 1 }, patch), { instanceOf: PatchError });
    t.is(error?.message, 'Invalid JSON Patch');
    t.is((error as PatchError).code, 400);
  }
  t.deepEqual(applyMergePatch({ a: 1 }, [{ b: null }, null]), [{}, null]);
});
