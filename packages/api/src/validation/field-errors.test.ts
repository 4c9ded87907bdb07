import test from 'ava';
import {
  aggregateMessage,
  duplicate,
  FieldError,
  FieldErrorType,
  FieldPath,
  forbidden,
  internalError,
  invalid,
  invalidMessage,
  notFound,
  notSupported,
  quote,
  required,
  statusCauses,
  tooLong,
  tooMany,
} from './field-errors.js';

test('paths print names with dots and subscripts in brackets', (t) => {
  t.is(FieldPath.of('metadata', 'name').toString(), 'metadata.name');
  t.is(FieldPath.of('spec').child('containers').index(0).child('ports').index(2).child('name').toString(), 'spec.containers[0].ports[2].name');
  t.is(FieldPath.of('metadata', 'labels').key('app.kubernetes.io/name').toString(), 'metadata.labels[app.kubernetes.io/name]');
  t.is(FieldPath.of('values').index(0).key('k').toString(), 'values[0][k]');
});

test('each error type formats its message as field.Error.Error() does', (t) => {
  const name = FieldPath.of('metadata', 'name');
  const messages: [ReturnType<typeof required>, string, FieldErrorType][] = [
    [required(name, 'name or generateName is required'), 'metadata.name: Required value: name or generateName is required', 'FieldValueRequired'],
    [required(FieldPath.of('metadata', 'namespace')), 'metadata.namespace: Required value', 'FieldValueRequired'],
    [invalid(name, 'Foo', 'bad'), 'metadata.name: Invalid value: "Foo": bad', 'FieldValueInvalid'],
    [invalid(name, -1, 'must be greater than or equal to 0'), 'metadata.name: Invalid value: -1: must be greater than or equal to 0', 'FieldValueInvalid'],
    [invalid(name, true, 'x'), 'metadata.name: Invalid value: true: x', 'FieldValueInvalid'],
    [invalid(name, ['a', 'b'], 'x'), 'metadata.name: Invalid value: ["a","b"]: x', 'FieldValueInvalid'],
    [invalid(name, { b: 1, a: '<&>' }, 'x'), 'metadata.name: Invalid value: {"a":"\\u003c\\u0026\\u003e","b":1}: x', 'FieldValueInvalid'],
    [invalid(name, null, 'x'), 'metadata.name: Invalid value: null: x', 'FieldValueInvalid'],
    [invalid(name, 'a', ''), 'metadata.name: Invalid value: "a"', 'FieldValueInvalid'],
    [notSupported(FieldPath.of('spec', 'restartPolicy'), 'Sometimes', ['Always', 'OnFailure', 'Never']), 'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"', 'FieldValueNotSupported'],
    [notSupported(FieldPath.of('x'), 'y', []), 'x: Unsupported value: "y"', 'FieldValueNotSupported'],
    [duplicate(FieldPath.of('spec', 'ports').index(1), 'http'), 'spec.ports[1]: Duplicate value: "http"', 'FieldValueDuplicate'],
    [forbidden(FieldPath.of('metadata', 'namespace'), 'not allowed on this type'), 'metadata.namespace: Forbidden: not allowed on this type', 'FieldValueForbidden'],
    [notFound(FieldPath.of('spec', 'x'), 'y'), 'spec.x: Not found: "y"', 'FieldValueNotFound'],
    [tooLong(FieldPath.of('metadata', 'annotations'), 262144), 'metadata.annotations: Too long: may not be more than 262144 bytes', 'FieldValueTooLong'],
    [tooLong(FieldPath.of('x'), 1), 'x: Too long: may not be more than 1 byte', 'FieldValueTooLong'],
    [tooLong(FieldPath.of('x'), -1), 'x: Too long: value is too long', 'FieldValueTooLong'],
    [tooMany(FieldPath.of('spec', 'items'), 5, 4), 'spec.items: Too many: 5: must have at most 4 items', 'FieldValueTooMany'],
    [tooMany(FieldPath.of('spec', 'items'), -1, 1), 'spec.items: Too many: must have at most 1 item', 'FieldValueTooMany'],
    [tooMany(FieldPath.of('spec', 'items'), 3, -1), 'spec.items: Too many: 3: has too many items', 'FieldValueTooMany'],
    [internalError(FieldPath.of('metadata', 'name'), new Error('boom')), 'metadata.name: Internal error: boom', 'InternalError'],
    [invalid(null, 'Foo_', 'bad'), '<nil>: Invalid value: "Foo_": bad', 'FieldValueInvalid'],
  ];
  for (const [error, message, type] of messages) {
    t.is(error.toString(), message);
    t.is(String(error), message);
    t.is(error.type, type);
  }
});

test('string values are quoted as Go %q quotes them', (t) => {
  t.is(quote('plain'), '"plain"');
  t.is(quote('say "hi"\\'), '"say \\"hi\\"\\\\"');
  t.is(quote('tab\tnew\nline\x00\x7f'), '"tab\\tnew\\nline\\x00\\x7f"');
  t.is(quote('héllo ✓ 😀'), '"héllo ✓ 😀"');
  t.is(quote('\u00a0\u2028'), '"\\u00a0\\u2028"');
});

test('an aggregate shows one message as is, several in brackets, repeats once', (t) => {
  const a = invalid(FieldPath.of('a'), 'x', 'bad');
  const b = required(FieldPath.of('b'));
  t.is(aggregateMessage([a]), 'a: Invalid value: "x": bad');
  t.is(aggregateMessage([a, b]), '[a: Invalid value: "x": bad, b: Required value]');
  t.is(aggregateMessage([a, a]), 'a: Invalid value: "x": bad');
  t.is(aggregateMessage([a, b, a]), '[a: Invalid value: "x": bad, b: Required value]');
});

test('the Invalid status message names the qualified kind and quoted name', (t) => {
  const bad = invalid(FieldPath.of('metadata', 'name'), 'Foo', 'bad name');
  const missing = required(FieldPath.of('spec', 'containers'));
  t.is(invalidMessage({ group: '', kind: 'Pod' }, 'Foo', [bad]), 'Pod "Foo" is invalid: metadata.name: Invalid value: "Foo": bad name');
  t.is(
    invalidMessage({ group: 'apps', kind: 'Deployment' }, 'Foo', [bad, missing]),
    'Deployment.apps "Foo" is invalid: [metadata.name: Invalid value: "Foo": bad name, spec.containers: Required value]',
  );
  t.is(invalidMessage({ group: '', kind: 'Pod' }, '', []), 'Pod "" is invalid: <nil>');
});

test('status causes carry reason, the message without the field, and the field', (t) => {
  t.deepEqual(
    statusCauses([invalid(FieldPath.of('metadata', 'name'), 'Foo', 'bad'), required(FieldPath.of('spec', 'containers'))]),
    [
      { reason: 'FieldValueInvalid', message: 'Invalid value: "Foo": bad', field: 'metadata.name' },
      { reason: 'FieldValueRequired', message: 'Required value', field: 'spec.containers' },
    ],
  );
  t.deepEqual(statusCauses([new FieldError('FieldValueInvalid', '', 1, 'x')]), [{ reason: 'FieldValueInvalid', message: 'Invalid value: 1: x' }]);
});
