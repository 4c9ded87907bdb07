import test from 'ava';
import { applyJsonPatch, PatchError } from './json-patch.js';

const doc = () => ({
  metadata: { name: 'web', annotations: { a: '1' } },
  spec: { replicas: 1, list: ['x', 'y', 'z'], 'a/b': 1, 'm~n': 2 },
});

function failure(t: import('ava').ExecutionContext, patch: unknown, document: unknown = doc()): PatchError {
  const error = t.throws(() => applyJsonPatch(document, patch), { instanceOf: PatchError });
  return error as PatchError;
}

test('rollout undo: replace /spec/template and /metadata/annotations', (t) => {
  const original = { metadata: { annotations: { old: 'x' } }, spec: { template: { metadata: {}, spec: { containers: [] } } } };
  const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'i:1' }] } };
  const result = applyJsonPatch(original, [
    { op: 'replace', path: '/spec/template', value: template },
    { op: 'replace', path: '/metadata/annotations', value: { 'deployment.kubernetes.io/revision': '3' } },
  ]);
  t.deepEqual(result, { metadata: { annotations: { 'deployment.kubernetes.io/revision': '3' } }, spec: { template } });
  t.deepEqual(original.metadata.annotations, { old: 'x' }, 'input not mutated');
});

test('add, remove, move, copy and test, with ~0/~1 escapes and - for append', (t) => {
  const result = applyJsonPatch(doc(), [
    { op: 'add', path: '/spec/list/-', value: 'end' },
    { op: 'add', path: '/spec/list/0', value: 'start' },
    { op: 'remove', path: '/spec/a~1b' },
    { op: 'move', from: '/spec/m~0n', path: '/spec/moved' },
    { op: 'copy', from: '/metadata/annotations', path: '/spec/annotations' },
    { op: 'test', path: '/spec/list/-1', value: 'end' },
    { op: 'test', path: '/spec/replicas', value: 1 },
  ]) as Record<string, any>;
  t.deepEqual(result.spec, {
    replicas: 1,
    list: ['start', 'x', 'y', 'z', 'end'],
    moved: 2,
    annotations: { a: '1' },
  });
  result.spec.annotations.a = 'changed';
  t.is(result.metadata.annotations.a, '1', 'copy is deep');
});

test('a value added from the patch is not shared with the patch', (t) => {
  const patch = [
    { op: 'add', path: '/spec/obj', value: { k: 1 } },
    { op: 'add', path: '/spec/obj/k2', value: 2 },
  ];
  applyJsonPatch(doc(), patch);
  t.deepEqual(patch[0].value, { k: 1 });
});

test('replace of an absent object key adds it, as evanphx v4 does', (t) => {
  const result = applyJsonPatch({ metadata: {} }, [{ op: 'replace', path: '/metadata/annotations', value: { a: 'b' } }]);
  t.deepEqual(result, { metadata: { annotations: { a: 'b' } } });
});

test('missing paths fail with evanphx messages, as 422 Invalid', (t) => {
  const cases: [unknown, string][] = [
    [{ op: 'add', path: '/spec/nope/x', value: 1 }, 'add operation does not apply: doc is missing path: "/spec/nope/x": missing value'],
    [{ op: 'remove', path: '/spec/nope/x' }, 'remove operation does not apply: doc is missing path: "/spec/nope/x": missing value'],
    [{ op: 'remove', path: '/spec/nope' }, "error in remove for path: '/spec/nope': Unable to remove nonexistent key: nope: missing value"],
    [{ op: 'replace', path: '/spec/nope/x', value: 1 }, 'replace operation does not apply: doc is missing path: /spec/nope/x: missing value'],
    [{ op: 'replace', path: '/spec/list/7', value: 1 }, 'replace operation does not apply: doc is missing key: /spec/list/7: missing value'],
    [{ op: 'move', from: '/spec/nope', path: '/spec/x' }, "error in move for path: 'nope': Unable to remove nonexistent key: nope: missing value"],
    [{ op: 'copy', from: '/nope/x', path: '/spec/x' }, 'copy operation does not apply: doc is missing from path: /nope/x: missing value'],
    [{ op: 'test', path: '/nope/x', value: 1 }, 'test operation does not apply: is missing path: /nope/x: missing value'],
    [
      { op: 'add', path: '/spec/list/9', value: 1 },
      "error in add for path: '/spec/list/9': Unable to access invalid index: 9: invalid index referenced",
    ],
    [
      { op: 'add', path: '/spec/list/x', value: 1 },
      `error in add for path: '/spec/list/x': value was not a proper array index: 'x': strconv.Atoi: parsing "x": invalid syntax`,
    ],
    [{ op: 'remove', path: '/spec/list/-4' }, "error in remove for path: '/spec/list/-4': Unable to access invalid index: -4: invalid index referenced"],
    [{ op: 'add', value: 1 }, 'add operation failed to decode path: missing value'],
    [{ op: 'replace', value: 1 }, 'replace operation failed to decode path: operation missing path field: missing value'],
    [{ op: 'move', path: '/a' }, 'move operation failed to decode from: operation, missing from field: missing value'],
    [{ op: 'frobnicate', path: '/a' }, 'Unexpected kind: frobnicate'],
    [{ path: '/a' }, 'Unexpected kind: unknown'],
  ];
  for (const [operation, message] of cases) {
    const error = failure(t, [operation]);
    t.is(error.message, message);
    t.is(error.code, 422);
    t.is(error.reason, 'Invalid');
    t.is(error.statusMessage, 'the server rejected our request due to an error in our request');
  }
});

test('a failed test op stops the patch', (t) => {
  const error = failure(t, [
    { op: 'replace', path: '/spec/replicas', value: 5 },
    { op: 'test', path: '/metadata/name', value: 'other' },
  ]);
  t.is(error.message, 'testing value /metadata/name failed: test failed');
  t.is(failure(t, [{ op: 'test', path: '/spec/list', value: ['x', 'y'] }]).message, 'testing value /spec/list failed: test failed');
});

test('test compares structurally and treats an absent member as null', (t) => {
  t.notThrows(() =>
    applyJsonPatch(doc(), [
      { op: 'test', path: '/metadata', value: { annotations: { a: '1' }, name: 'web' } },
      { op: 'test', path: '/spec/absent', value: null },
      { op: 'test', path: '', value: doc() },
    ]),
  );
});

test('bodies that are not patches are 400s; too many operations a 413', (t) => {
  const notArray = failure(t, { op: 'add' });
  t.is(notArray.message, 'json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  t.is(notArray.code, 400);
  t.is(failure(t, ['add']).message, 'json: cannot unmarshal string into Go value of type jsonpatch.Operation');
  const tooMany = failure(t, Array.from({ length: 10001 }, () => ({ op: 'test', path: '/spec/replicas', value: 1 })));
  t.is(tooMany.message, 'The allowed maximum operations in a JSON patch is 10000, got 10001');
  t.is(tooMany.code, 413);
  t.deepEqual(applyJsonPatch(doc(), null), doc());
});
