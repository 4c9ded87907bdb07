import test from 'ava';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { isPodActive, isPodAvailable, isPodReady } from './pod-readiness.js';

const pod = (ready: string | undefined, since = '2026-01-01T00:00:00Z', extra: Partial<Pod> = {}): Pod => ({
  ...extra,
  status: { phase: 'Running', ...extra.status, conditions: ready ? [{ type: 'Ready', status: ready, lastTransitionTime: since }] : [] },
});

test('ready is the Ready condition True', (t) => {
  t.true(isPodReady(pod('True')));
  t.false(isPodReady(pod('False')));
  t.false(isPodReady(pod(undefined)));
});

test('available is ready for minReadySeconds by the condition transition time', (t) => {
  const since = Date.parse('2026-01-01T00:00:00Z');
  t.true(isPodAvailable(pod('True'), 0, since));
  t.false(isPodAvailable(pod('True'), 10, since + 9_999));
  t.true(isPodAvailable(pod('True'), 10, since + 10_000));
  t.false(isPodAvailable(pod('False'), 0, since + 10_000));
});

test('finished and deleting pods are not active', (t) => {
  t.true(isPodActive(pod('True')));
  t.false(isPodActive(pod('True', undefined, { status: { phase: 'Succeeded' } })));
  t.false(isPodActive(pod('True', undefined, { metadata: { deletionTimestamp: '2026-01-01T00:00:00Z' } })));
});
