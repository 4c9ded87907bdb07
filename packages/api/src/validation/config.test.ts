import test from 'ava';
import { isConfigMapKey, MAX_SECRET_SIZE, validateConfigMap, validateConfigMapUpdate, validateSecret, validateSecretUpdate } from './config.js';

const messages = (errors: readonly unknown[]): string[] => errors.map(String);
const KEY_RULE = "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";

test('config keys', (t) => {
  t.deepEqual(isConfigMapKey('app.properties'), []);
  t.deepEqual(isConfigMapKey('a/b'), [KEY_RULE]);
  t.deepEqual(isConfigMapKey('..'), ["must not be '..'"]);
});

test('config map keys, duplicates and size', (t) => {
  t.deepEqual(messages(validateConfigMap({ data: { 'bad key': 'x', dup: 'y' }, binaryData: { dup: 'eQ==' } })), [
    `data[bad key]: Invalid value: "bad key": ${KEY_RULE}`,
    'data[dup]: Invalid value: "dup": duplicate of key present in binaryData',
  ]);
  t.deepEqual(messages(validateConfigMap({ data: { big: 'x'.repeat(MAX_SECRET_SIZE + 1) } })), [': Too long: may not be more than 1048576 bytes']);
});

test('immutable config maps keep their data', (t) => {
  const old = { immutable: true, data: { a: '1' } };
  t.deepEqual(validateConfigMapUpdate({ immutable: true, data: { a: '1' } }, old), []);
  t.deepEqual(messages(validateConfigMapUpdate({ data: { a: '2' } }, old)), [
    'immutable: Forbidden: field is immutable when `immutable` is set',
    'data: Forbidden: field is immutable when `immutable` is set',
  ]);
});

test('secrets: keys, decoded size, type requirements', (t) => {
  t.deepEqual(validateSecret({ type: 'Opaque', data: { password: 'c2VjcmV0' } }), []);
  t.deepEqual(messages(validateSecret({ type: 'Opaque', stringData: { 'a b': 'x' } })), [`data[a b]: Invalid value: "a b": ${KEY_RULE}`]);
  t.deepEqual(messages(validateSecret({ type: 'Opaque', data: { big: Buffer.alloc(MAX_SECRET_SIZE + 1).toString('base64') } })), ['data: Too long: may not be more than 1048576 bytes']);
  t.deepEqual(messages(validateSecret({ type: 'kubernetes.io/tls', data: {} })), ['data[tls.crt]: Required value', 'data[tls.key]: Required value']);
});

test('a secret\'s type never changes', (t) => {
  t.deepEqual(messages(validateSecretUpdate({ type: 'kubernetes.io/basic-auth', data: { username: '' } }, { type: 'Opaque' })), [
    'type: Invalid value: "kubernetes.io/basic-auth": field is immutable',
  ]);
  t.deepEqual(messages(validateSecretUpdate({ type: 'Opaque', data: {} }, { type: 'Opaque', immutable: true, data: { a: 'YQ==' } })), [
    'immutable: Forbidden: field is immutable when `immutable` is set',
    'data: Forbidden: field is immutable when `immutable` is set',
  ]);
});
