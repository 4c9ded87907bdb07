import test from 'ava';
import type { ResourceRef } from './api-client.js';
import { ApiClientError } from './api-error.js';
import { EventRecorder, type Event, type EventClient } from './event-recorder.js';
import type { Logger } from './logger.js';

/** An EventClient recording the calls; `fail` decides, per call, an error to throw instead. */
function fakeClient(fail: (call: string) => Error | undefined = () => undefined) {
  const calls: Array<{ call: string; ref: ResourceRef; body: unknown }> = [];
  const client = {
    create: async (ref: ResourceRef, body: unknown) => {
      calls.push({ call: 'create', ref, body });
      const err = fail('create');
      if (err) throw err;
      return body;
    },
    patch: async (ref: ResourceRef, _type: string, body: unknown) => {
      calls.push({ call: 'patch', ref, body });
      const err = fail('patch');
      if (err) throw err;
      return body;
    },
  } as unknown as EventClient;
  return { client, calls };
}

const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-1', namespace: 'apps', uid: 'u-1', resourceVersion: '7' } };
const node = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-1', uid: 'u-2' } };
const warnings = () => {
  const seen: string[] = [];
  const logger: Logger = { warn: (_o, msg) => seen.push(msg) };
  return { seen, logger };
};

test('an event names its object, reason, message, type and source, and is named <object>.<hex nanoseconds>', async (t) => {
  const { client, calls } = fakeClient();
  const recorder = new EventRecorder(client, { source: { component: 'default-scheduler' } });
  recorder.eventf(pod, 'Normal', 'Scheduled', 'Successfully assigned %s/%s to %s', 'apps', 'web-1', 'node-1');
  await recorder.flush();
  t.is(calls.length, 1);
  t.deepEqual(calls[0]!.ref, { version: 'v1', resource: 'events', namespace: 'apps' });
  const event = calls[0]!.body as Event;
  t.like(event, {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { namespace: 'apps' },
    involvedObject: { kind: 'Pod', namespace: 'apps', name: 'web-1', uid: 'u-1', apiVersion: 'v1', resourceVersion: '7' },
    reason: 'Scheduled',
    message: 'Successfully assigned apps/web-1 to node-1',
    type: 'Normal',
    source: { component: 'default-scheduler' },
    count: 1,
  });
  t.regex(event.metadata!.name!, /^web-1\.[0-9a-f]{15,}$/);
  const nanos = BigInt(`0x${event.metadata!.name!.slice('web-1.'.length)}`);
  t.true(nanos / 1_000_000_000n > BigInt(Math.floor(Date.now() / 1000)) - 60n, 'nanoseconds since the epoch');
  t.regex(event.firstTimestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  t.is(event.lastTimestamp, event.firstTimestamp);
});

test('a repeat patches count and lastTimestamp of the same event; a different message is a new event; cluster-scoped objects report in default', async (t) => {
  const { client, calls } = fakeClient();
  const recorder = new EventRecorder(client, { source: { component: 'kubelet', host: 'node-1' } });
  recorder.event(pod, 'Warning', 'BackOff', 'Back-off restarting failed container');
  recorder.event(pod, 'Warning', 'BackOff', 'Back-off restarting failed container');
  recorder.event(pod, 'Warning', 'BackOff', 'Back-off restarting failed container');
  recorder.event(pod, 'Warning', 'BackOff', 'something else');
  recorder.event(node, 'Normal', 'NodeReady', 'Node node-1 status is now: NodeReady');
  await recorder.flush();
  // Writes of different events may interleave; those of one event keep their order.
  const repeated = calls.filter((c) => (c.body as Event).message === 'Back-off restarting failed container');
  t.deepEqual(repeated.map((c) => c.call), ['create', 'patch', 'patch']);
  const first = repeated[0]!.body as Event;
  t.deepEqual(repeated[1]!.ref, { version: 'v1', resource: 'events', namespace: 'apps', name: first.metadata!.name });
  t.like(repeated[2]!.body, { count: 3 });
  t.truthy((repeated[2]!.body as { lastTimestamp: string }).lastTimestamp);
  const other = calls.find((c) => (c.body as Event).message === 'something else')!;
  t.is(other.call, 'create');
  t.not((other.body as Event).metadata!.name, first.metadata!.name);
  t.like(calls.find((c) => (c.body as Event).reason === 'NodeReady')!.body, { metadata: { namespace: 'default' }, involvedObject: { kind: 'Node', name: 'node-1' }, source: { component: 'kubelet', host: 'node-1' } });
  t.is(calls.length, 5);
});

test('recording never throws: failures are logged and dropped; a patch of an event that has gone creates it again', async (t) => {
  let patchFails = true;
  const { client, calls } = fakeClient((call) => {
    if (call === 'patch' && patchFails) {
      patchFails = false;
      return new ApiClientError({ code: 404, reason: 'NotFound', message: 'events "x" not found' }, 5);
    }
    return call === 'create' && calls.length === 1 ? new ApiClientError({ code: 403, reason: 'Forbidden', message: 'no' }, 7) : undefined;
  });
  const { seen, logger } = warnings();
  const recorder = new EventRecorder(client, { source: { component: 'c' }, logger });
  t.notThrows(() => recorder.event({ metadata: {} }, 'Normal', 'R', 'no name'));
  recorder.event(pod, 'Normal', 'R', 'm');
  recorder.event(pod, 'Normal', 'R', 'm');
  await recorder.flush();
  t.deepEqual(calls.map((c) => c.call), ['create', 'patch', 'create']);
  t.like(calls[2]!.body, { count: 2, metadata: { name: (calls[0]!.body as Event).metadata!.name } });
  t.deepEqual(seen, ['could not record event; dropped', 'could not write event; dropped']);
});

test('recording does not wait for the apiserver; past the queue limit, events are dropped', async (t) => {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const { client, calls } = fakeClient();
  const slow = { create: async (ref: ResourceRef, body: unknown) => (await gate, client.create(ref, body)), patch: client.patch } as EventClient;
  const { seen, logger } = warnings();
  const recorder = new EventRecorder(slow, { source: { component: 'c' }, logger, maxQueued: 2 });
  for (const reason of ['A', 'B', 'C']) recorder.event(pod, 'Normal', reason, 'm');
  t.is(calls.length, 0, 'nothing written yet, and the caller went on');
  release();
  await recorder.flush();
  t.deepEqual(calls.map((c) => (c.body as Event).reason).sort(), ['A', 'B']);
  t.deepEqual(seen, ['event queue is full; events dropped']);
});

test('a flood about one object: ten events, then one combined event whose count rises, and nothing past 25 writes', async (t) => {
  const { client, calls } = fakeClient();
  const recorder = new EventRecorder(client, { source: { component: 'replicaset-controller' } });
  const rs = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web', namespace: 'apps', uid: 'u-3' } };
  for (let i = 0; i < 40; i++) recorder.event(rs, 'Normal', 'SuccessfulCreate', `Created pod: web-${i}`);
  await recorder.flush();
  t.is(calls.length, 25);
  t.deepEqual(calls.slice(0, 11).map((c) => c.call), Array(11).fill('create'));
  t.is((calls[9]!.body as Event).message, 'Created pod: web-9');
  t.is((calls[10]!.body as Event).message, '(combined from similar events): Created pod: web-10');
  t.like(calls[24]!.body, { count: 15, message: '(combined from similar events): Created pod: web-24' });
  t.is(new Set(calls.slice(10).map((c) => (c.call === 'create' ? (c.body as Event).metadata!.name : c.ref.name))).size, 1, 'one combined event');
});
