import { EventEmitter } from 'node:events';
import test from 'ava';
import type { ApiClient, ListOptions } from './api-client.js';
import { Watcher } from './watcher.js';

/** A stand-in for the gRPC watch stream: the test drives its events. */
class FakeStream extends EventEmitter {
  cancelled = false;
  constructor(readonly resourceVersion: string) {
    super();
  }
  cancel(): void {
    this.cancelled = true;
  }
  send(type: string, name: string, rv: string): void {
    this.emit('data', { type, object: Buffer.from(JSON.stringify({ metadata: { name, resourceVersion: rv } })) });
  }
}

function fakeClient() {
  const streams: FakeStream[] = [];
  const client = {
    watchStream: (_ref: unknown, options: ListOptions) => {
      const s = new FakeStream(options.resourceVersion ?? '');
      streams.push(s);
      return s;
    },
  } as unknown as ApiClient;
  return { client, streams };
}

const ref = { version: 'v1', resource: 'configmaps' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('a stream that both ends and fails is reopened once, from the last version delivered, so nothing arrives twice', async (t) => {
  const { client, streams } = fakeClient();
  const seen: string[] = [];
  const w = new Watcher(client, ref, { resourceVersion: '5' }, { onEvent: (type, o) => seen.push(`${type} ${o.metadata!.name}`), onGone: () => t.fail() });
  t.teardown(() => w.stop());
  streams[0]!.send('ADDED', 'a', '6');
  // grpc-js ends a failed server stream and then emits its error.
  streams[0]!.emit('end');
  streams[0]!.emit('error', Object.assign(new Error('unavailable'), { code: 14, details: 'unavailable', metadata: { get: () => [] } }));
  await sleep(400);
  t.is(streams.length, 2, 'one new stream');
  t.is(streams[1]!.resourceVersion, '6');
  streams[1]!.send('MODIFIED', 'a', '7');
  t.deepEqual(seen, ['ADDED a', 'MODIFIED a']);
});

test('bookmarks move the resume point without reaching the handler; an ERROR event hands back the status and stops', async (t) => {
  const { client, streams } = fakeClient();
  const seen: string[] = [];
  let gone: unknown;
  const w = new Watcher(client, ref, { resourceVersion: '1' }, { onEvent: (type) => seen.push(type), onGone: (s) => (gone = s) });
  t.teardown(() => w.stop());
  streams[0]!.send('BOOKMARK', '', '40');
  t.is(w.lastResourceVersion, '40');
  streams[0]!.emit('data', { type: 'ERROR', object: Buffer.from(JSON.stringify({ kind: 'Status', code: 410, reason: 'Expired' })) });
  streams[0]!.emit('end');
  await sleep(300);
  t.deepEqual(seen, []);
  t.like(gone, { code: 410 });
  t.true(streams[0]!.cancelled);
  t.is(streams.length, 1, 'no reopen after 410');
});
