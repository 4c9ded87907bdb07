import test from 'ava';
import { configMapPrinter, namespacePrinter, secretPrinter, serviceAccountPrinter } from './config.js';

const now = new Date('2026-11-24T12:00:00Z');
const metadata = { name: 'x', namespace: 'default', creationTimestamp: '2026-11-24T09:00:00Z' };

test('namespaces: NAME STATUS AGE', (t) => {
  t.deepEqual(namespacePrinter.columns.map((c) => c.name), ['Name', 'Status', 'Age']);
  t.deepEqual(namespacePrinter.cells({ metadata: { ...metadata, name: 'dev' }, status: { phase: 'Active' } }, now), ['dev', 'Active', '3h']);
  t.is(namespacePrinter.cells({ metadata, status: { phase: 'Terminating' } }, now)[1], 'Terminating');
});

test('configmaps: DATA counts data and binaryData keys', (t) => {
  t.deepEqual(configMapPrinter.columns.map((c) => c.name), ['Name', 'Data', 'Age']);
  t.deepEqual(configMapPrinter.cells({ metadata, data: { a: '1', b: '2' }, binaryData: { c: 'AA==' } }, now), ['x', 3, '3h']);
  t.is(configMapPrinter.cells({ metadata }, now)[1], 0);
});

test('secrets: NAME TYPE DATA AGE', (t) => {
  t.deepEqual(secretPrinter.columns.map((c) => c.name), ['Name', 'Type', 'Data', 'Age']);
  t.deepEqual(secretPrinter.cells({ metadata, type: 'kubernetes.io/tls', data: { 'tls.crt': 'AA==', 'tls.key': 'AA==' } }, now), ['x', 'kubernetes.io/tls', 2, '3h']);
});

test('serviceaccounts: SECRETS counts the referenced secrets', (t) => {
  t.deepEqual(serviceAccountPrinter.columns.map((c) => c.name), ['Name', 'Secrets', 'Age']);
  t.deepEqual(serviceAccountPrinter.cells({ metadata: { ...metadata, name: 'default' } }, now), ['default', 0, '3h']);
  t.is(serviceAccountPrinter.cells({ metadata, secrets: [{ name: 'token' }] }, now)[1], 1);
});
