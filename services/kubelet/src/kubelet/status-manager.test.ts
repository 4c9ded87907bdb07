import test from 'ava';
import type { ApiClient } from '@kubeling/client';
import { pino } from 'pino';
import { canonicalJson, StatusManager, statusPatch } from './status-manager.js';

test('equal statuses compare equal whatever their key order', (t) => {
  t.is(canonicalJson({ b: 1, a: { d: [{ y: 1, x: 2 }], c: 2 } }), canonicalJson({ a: { c: 2, d: [{ x: 2, y: 1 }] }, b: 1 }));
});

test('a status patch names the uid and clears condition fields the status lacks', (t) => {
  t.deepEqual(statusPatch('u1', { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', reason: 'R' }] }), {
    metadata: { uid: 'u1' },
    status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', reason: 'R', message: null }] },
  } as never);
});

test('a status is written only when it differs from the stored one and the last written', async (t) => {
  const patches: unknown[] = [];
  const client = { patch: async (_ref: unknown, _type: string, body: unknown) => void patches.push(body) } as unknown as ApiClient;
  const manager = new StatusManager(client, pino({ enabled: false }));
  const pod = { metadata: { name: 'p', namespace: 'default', uid: 'u1' }, status: { phase: 'Pending' } };
  t.false(await manager.setPodStatus(pod, { phase: 'Pending' }));
  t.true(await manager.setPodStatus(pod, { phase: 'Running' }));
  t.false(await manager.setPodStatus(pod, { phase: 'Running' }), 'the informer has not caught up: no second write');
  t.is(patches.length, 1);
});
