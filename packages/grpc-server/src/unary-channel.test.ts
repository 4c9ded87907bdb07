// The lean client against the lean server: unary calls and server-streaming calls (watches), on one connection per channel.
import test from 'ava';
import { once } from 'node:events';
import { ResourcesService, type ObjectResponse, type WatchEvent } from '@kubeling/proto/api';
import { CallError, GrpcServer, GrpcStatus, StatusError, UnaryChannel, type CallInfo, type CallStatus, type DuplexCall, type ServerStreamCall, type ServiceImplementation } from './index.js';

const ref = { group: '', version: 'v1', resource: 'configmaps', namespace: '', name: '', subresource: '' };
const watchRequest = (labelSelector: string) => ({ ref, labelSelector, fieldSelector: '', resourceVersion: '', timeoutSeconds: 0n, allowBookmarks: false });
const getRequest = (name: string) => ({ ref: { ...ref, name } });
const event = (i: number, size = 0): WatchEvent => ({ type: 'ADDED', object: Buffer.concat([Buffer.from(`${i}:`), Buffer.alloc(size)]) });
const indexOf = (e: WatchEvent) => Number(e.object.toString('utf8').split(':')[0]);
const statusTrailer = { 'kubeling-status-bin': Buffer.from(JSON.stringify({ kind: 'Status', code: 403, reason: 'Forbidden' })), 'x-note': 'text' };

/**
 * Watch answers by label selector: "count=N" sends N events and ends OK (big=1 makes them 20 KB
 * each), "fail-after" sends two and fails, "fail-first" fails before any event (trailers-only),
 * "hold" sends one and stays open. Get answers by name: "slow" never, "forbidden" fails, others echo.
 */
function resources(held: Array<DuplexCall<unknown, WatchEvent>>, seen: CallInfo[]): ServiceImplementation<typeof ResourcesService> {
  const unused = () => {
    throw new StatusError(GrpcStatus.UNIMPLEMENTED, 'not in this test');
  };
  return {
    get: (req, info) => {
      seen.push(info);
      if (req.ref?.name === 'slow') return new Promise<ObjectResponse>(() => undefined);
      if (req.ref?.name === 'forbidden') throw new StatusError(GrpcStatus.PERMISSION_DENIED, 'no — not you', statusTrailer);
      return { object: Buffer.from(req.ref?.name ?? '') };
    },
    list: unused,
    create: unused,
    update: unused,
    patch: unused,
    delete: unused,
    watch: (req, call, info) => {
      seen.push(info);
      const selector = req.labelSelector;
      if (selector === 'fail-first') return call.fail(new StatusError(GrpcStatus.NOT_FOUND, 'nothing here', statusTrailer));
      if (selector === 'fail-after') {
        call.write(event(0));
        call.write(event(1));
        return call.fail(new StatusError(GrpcStatus.ABORTED, 'told to fail 100%', statusTrailer));
      }
      if (selector === 'hold') {
        held.push(call as DuplexCall<unknown, WatchEvent>);
        call.write(event(0));
        return;
      }
      const [, count, big] = /^count=(\d+)(,big=1)?$/.exec(selector) ?? [];
      for (let i = 0; i < Number(count); i++) call.write(event(i, big ? 20_000 : 0));
      call.end();
    },
  };
}

async function serve(t: { teardown(fn: () => unknown): void }) {
  const held: Array<DuplexCall<unknown, WatchEvent>> = [];
  const seen: CallInfo[] = [];
  const server = new GrpcServer({ maxReceiveMessageLength: 1024 * 1024 });
  server.addService(ResourcesService, resources(held, seen));
  const port = await server.listen(new URL('http://127.0.0.1:0'));
  const endpoint = `127.0.0.1:${port}`;
  const channels: UnaryChannel[] = [];
  const channel = (endpoints = [endpoint], metadata?: Record<string, string>) => {
    const c = new UnaryChannel(endpoints, undefined, metadata);
    channels.push(c);
    return c;
  };
  t.teardown(async () => {
    for (const c of channels) c.close();
    await server.close();
  });
  return { endpoint, channel, held, seen };
}

/** Everything a stream emits, until it ends or fails. */
function drain(stream: ServerStreamCall<WatchEvent>): Promise<{ data: number[]; end: boolean; error?: CallError; status: CallStatus }> {
  return new Promise((resolve) => {
    const data: number[] = [];
    let end = false;
    let error: CallError | undefined;
    stream.on('data', (e) => data.push(indexOf(e)));
    stream.on('end', () => {
      end = true;
    });
    stream.on('error', (err) => {
      error = err;
    });
    // 'status' comes after 'error' and before 'end': a tick later everything is in.
    stream.on('status', (status) => setImmediate(() => resolve({ data, end, error, status })));
  });
}

test('a server stream delivers its messages in order, then ends with OK', async (t) => {
  const { channel } = await serve(t);
  const c = channel();
  const small = await drain(c.serverStream(ResourcesService.watch, watchRequest('count=500')));
  t.deepEqual(small.data, Array.from({ length: 500 }, (_, i) => i));
  t.true(small.end);
  t.is(small.error, undefined);
  t.is(small.status.code, GrpcStatus.OK);
  // 200 × 20 KB is more than HTTP/2's first window: the messages span chunks and window updates.
  const big = await drain(c.serverStream(ResourcesService.watch, watchRequest('count=200,big=1')));
  t.deepEqual(big.data, Array.from({ length: 200 }, (_, i) => i));
  t.true(big.end);
});

test('a server stream that fails after some messages reports code, details and trailers as grpc-js does', async (t) => {
  const { channel } = await serve(t);
  const got = await drain(channel().serverStream(ResourcesService.watch, watchRequest('fail-after')));
  t.deepEqual(got.data, [0, 1]);
  t.false(got.end);
  t.true(got.error instanceof CallError);
  t.is(got.error!.code, GrpcStatus.ABORTED);
  t.is(got.error!.details, 'told to fail 100%');
  const [status] = got.error!.metadata.get('kubeling-status-bin') as Buffer[];
  t.like(JSON.parse(status!.toString('utf8')), { code: 403, reason: 'Forbidden' });
  t.deepEqual(got.error!.metadata.get('x-note'), ['text']);
  t.deepEqual(got.error!.metadata.get('absent'), []);
  t.is(got.status.code, GrpcStatus.ABORTED);
});

test('a server stream failed before any message (a trailers-only response) reports its status and trailers', async (t) => {
  const { channel } = await serve(t);
  const got = await drain(channel().serverStream(ResourcesService.watch, watchRequest('fail-first')));
  t.deepEqual(got.data, []);
  t.is(got.error?.code, GrpcStatus.NOT_FOUND);
  t.is(got.error?.details, 'nothing here');
  t.like(JSON.parse((got.error!.metadata.get('kubeling-status-bin')[0] as Buffer).toString('utf8')), { code: 403 });
});

test('cancel() resets the stream: the server sees it close, the client gets no more messages and fails CANCELLED', async (t) => {
  const { channel, held } = await serve(t);
  const stream = channel().serverStream(ResourcesService.watch, watchRequest('hold'));
  const result = drain(stream);
  await once(stream, 'data');
  const call = held[0]!;
  const closed = once(call, 'close');
  stream.cancel();
  await closed;
  t.false(call.write(event(1)), 'writes after the client went away are dropped');
  const got = await result;
  t.deepEqual(got.data, [0]);
  t.is(got.error?.code, GrpcStatus.CANCELLED);
});

test('a stream cancelled from its own data listener delivers nothing after', async (t) => {
  const { channel } = await serve(t);
  const stream = channel().serverStream(ResourcesService.watch, watchRequest('count=100'));
  const data: number[] = [];
  stream.on('data', (e) => {
    data.push(indexOf(e));
    if (data.length === 3) stream.cancel();
  });
  const [err] = (await once(stream, 'error')) as [CallError];
  t.is(err.code, GrpcStatus.CANCELLED);
  t.deepEqual(data, [0, 1, 2]);
});

test('a dead endpoint fails a stream UNAVAILABLE, and the next call goes to the next endpoint', async (t) => {
  const { channel, endpoint } = await serve(t);
  const c = channel(['127.0.0.1:1', endpoint]);
  const dead = await drain(c.serverStream(ResourcesService.watch, watchRequest('count=1')));
  t.is(dead.error?.code, GrpcStatus.UNAVAILABLE);
  t.regex(dead.error!.details, /ECONNREFUSED/);
  const live = await drain(c.serverStream(ResourcesService.watch, watchRequest('count=2')));
  t.deepEqual(live.data, [0, 1]);
  t.true(live.end);
});

test('a stream whose server goes away fails UNAVAILABLE', async (t) => {
  const server = new GrpcServer({ maxReceiveMessageLength: 1024 });
  server.addService(ResourcesService, resources([], []));
  const port = await server.listen(new URL('http://127.0.0.1:0'));
  const c = new UnaryChannel([`127.0.0.1:${port}`]);
  t.teardown(() => c.close());
  const stream = c.serverStream(ResourcesService.watch, watchRequest('hold'));
  const result = drain(stream);
  await once(stream, 'data');
  await server.close();
  const got = await result;
  t.is(got.error?.code, GrpcStatus.UNAVAILABLE);
});

test('unary calls: an answer, a failure with its trailers, a deadline', async (t) => {
  const { channel } = await serve(t);
  const c = channel();
  t.is((await c.call(ResourcesService.get, getRequest('echo'), 5000)).object.toString(), 'echo');
  const failed = await c.call(ResourcesService.get, getRequest('forbidden'), 5000).catch((e: CallError) => e);
  t.true(failed instanceof CallError);
  t.is((failed as CallError).code, GrpcStatus.PERMISSION_DENIED);
  t.is((failed as CallError).details, 'no — not you');
  t.like(JSON.parse((failed as CallError).metadata.get('kubeling-status-bin')[0]!.toString()), { reason: 'Forbidden' });
  const late = await c.call(ResourcesService.get, getRequest('slow'), 50).catch((e: CallError) => e);
  t.is((late as CallError).code, GrpcStatus.DEADLINE_EXCEEDED);
  t.is((await c.call(ResourcesService.get, getRequest('again'), 5000)).object.toString(), 'again', 'the connection outlives a cancelled call');
});

test('the channel metadata goes with every call and stream', async (t) => {
  const { channel, seen } = await serve(t);
  const c = channel(undefined, { authorization: 'Bearer t0k' });
  await c.call(ResourcesService.get, getRequest('x'), 5000);
  await drain(c.serverStream(ResourcesService.watch, watchRequest('count=1')));
  t.deepEqual(
    seen.map((info) => [info.method, info.headers.authorization]),
    [
      ['/kubeling.api.v1.Resources/Get', 'Bearer t0k'],
      ['/kubeling.api.v1.Resources/Watch', 'Bearer t0k'],
    ],
  );
});
