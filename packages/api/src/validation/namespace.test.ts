import test from 'ava';
import { validateNamespace } from './namespace.js';

test('namespace finalizers are standard or qualified', (t) => {
  t.deepEqual(validateNamespace({ spec: { finalizers: ['kubernetes', 'example.com/cleanup'] } }), []);
  t.deepEqual(validateNamespace({ spec: { finalizers: ['cleanup'] } }).map(String), [
    'spec.finalizers: Invalid value: "cleanup": name is neither a standard finalizer name nor is it fully qualified',
  ]);
});
