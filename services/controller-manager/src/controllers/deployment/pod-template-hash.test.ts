import test from 'ava';
import type { PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import { computeHash } from './pod-template-hash.js';

const template = (image: string, extra: Record<string, unknown> = {}): PodTemplateSpec => ({ metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image }], ...extra } });

test('the hash is stable, safe as a label value, and independent of key order and empty fields', (t) => {
  const hash = computeHash(template('nginx:1'));
  t.is(computeHash(template('nginx:1')), hash);
  t.regex(hash, /^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
  const reordered: PodTemplateSpec = { spec: { nodeSelector: {}, containers: [{ image: 'nginx:1', name: 'app' }] }, metadata: { labels: { app: 'web' } } };
  t.is(computeHash(reordered), hash);
});

test('the hash changes with the template and with the collision count', (t) => {
  const hash = computeHash(template('nginx:1'));
  t.not(computeHash(template('nginx:2')), hash);
  t.not(computeHash(template('nginx:1'), 1), hash);
  t.not(computeHash(template('nginx:1'), 1), computeHash(template('nginx:1'), 2));
  t.is(computeHash(template('nginx:1'), 1), computeHash(template('nginx:1'), 1));
});
