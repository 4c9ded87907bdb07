import test from 'ava';
import { credentials, Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { KVClient, KVService, WatchClient, WatchService, type PutRequest, type PutResponse, type WatchRequest, type WatchResponse } from '@kubeling/proto/etcd';
import { once } from 'node:events';
import { GrpcServer, GrpcStatus, StatusError, type DuplexCall, type ServiceImplementation } from './index.js';

const header = (revision: bigint) => ({ clusterId: 1n, memberId: 2n, revision, raftTerm: 3n });
const putRequest = (key: string, value: Buffer = Buffer.from('v')): PutRequest => ({ key: Buffer.from(key), value, lease: 0n, prevKv: false, ignoreValue: false, ignoreLease: false });
const watchResponse = (watchId: bigint, fields: Partial<WatchResponse> = {}): WatchResponse => ({
  header: header(0n),
  watchId,
  created: false,
  canceled: false,
  compactRevision: 0n,
  cancelReason: '',
  fragment: false,
  events: [],
  ...fields,
});

/** A KV service whose Put answers by key: "ok", "etcd" (a StatusError), "boom" (a crash), "late" (async). */
function kv(): ServiceImplementation<typeof KVService> {
  const unused = () => {
    throw new StatusError(GrpcStatus.UNIMPLEMENTED, 'not in this test');
  };
  return {
    put: (req) => {
      const key = req.key.toString();
      if (key === 'etcd') throw new StatusError(GrpcStatus.INVALID_ARGUMENT, 'etcdserver: key is not provided — ünïcode 100%');
      if (key === 'boom') throw new TypeError('cannot read properties of undefined');
      if (key === 'late') return new Promise<PutResponse>((resolve) => setTimeout(() => resolve({ header: header(7n) }), 20));
      if (key === 'late-fail') return Promise.reject(new StatusError(GrpcStatus.NOT_FOUND, 'gone'));
      return { header: header(BigInt(req.value.length)) };
    },
    range: unused,
    deleteRange: unused,
    txn: unused,
    compact: unused,
  };
}

/** Watch echoes each create as a created response with the request's watch id; "fail" ends the call with ABORTED. */
function watch(streams: Array<DuplexCall<WatchRequest, WatchResponse>>): ServiceImplementation<typeof WatchService> {
  return {
    watch: (call) => {
      streams.push(call);
      call.on('data', (req) => {
        const id = req.createRequest?.watchId ?? -1n;
        if (req.createRequest?.key.toString() === 'fail') call.fail(new StatusError(GrpcStatus.ABORTED, 'told to fail'));
        else call.write(watchResponse(id, { created: true }));
      });
      call.on('end', () => call.end());
    },
  };
}

async function serve(t: { teardown(fn: () => unknown): void }) {
  const internalErrors: unknown[] = [];
  const streams: Array<DuplexCall<WatchRequest, WatchResponse>> = [];
  const server = new GrpcServer({ maxReceiveMessageLength: 1024, onInternalError: (err) => internalErrors.push(err) });
  server.addService(KVService, kv());
  server.addService(WatchService, watch(streams));
  const port = await server.listen(new URL('http://127.0.0.1:0'));
  const endpoint = `127.0.0.1:${port}`;
  const client = new KVClient(endpoint, credentials.createInsecure());
  const watcher = new WatchClient(endpoint, credentials.createInsecure(), { channelOverride: client.getChannel() });
  t.teardown(async () => {
    client.close();
    await server.close();
  });
  return { server, client, watcher, internalErrors, streams, endpoint };
}

function put(client: KVClient, req: PutRequest): Promise<PutResponse> {
  return new Promise((resolve, reject) => client.put(req, (err, res) => (err ? reject(err) : resolve(res!))));
}

async function putError(client: KVClient, req: PutRequest): Promise<ServiceError> {
  const err = await put(client, req).then(
    () => undefined,
    (e: ServiceError) => e,
  );
  if (!err) throw new Error('the call succeeded');
  return err;
}

test('a unary call is answered, synchronously or later, many at once on one connection', async (t) => {
  const { client } = await serve(t);
  t.is((await put(client, putRequest('ok', Buffer.alloc(42)))).header?.revision, 42n);
  t.is((await put(client, putRequest('late'))).header?.revision, 7n);
  const many = await Promise.all(Array.from({ length: 200 }, (_, i) => put(client, putRequest('ok', Buffer.alloc(i % 50)))));
  t.deepEqual(
    many.map((r) => r.header?.revision),
    Array.from({ length: 200 }, (_, i) => BigInt(i % 50)),
  );
});

test('a StatusError reaches the client with its code and its message intact, even non-ASCII', async (t) => {
  const { client, internalErrors } = await serve(t);
  const err = await putError(client, putRequest('etcd'));
  t.is(err.code, status.INVALID_ARGUMENT);
  t.is(err.details, 'etcdserver: key is not provided — ünïcode 100%');
  const late = await putError(client, putRequest('late-fail'));
  t.is(late.code, status.NOT_FOUND);
  t.is(late.details, 'gone');
  t.is(internalErrors.length, 0, 'a StatusError is not an internal error');
});

test('a handler that crashes answers INTERNAL, is reported, and the server goes on', async (t) => {
  const { client, internalErrors } = await serve(t);
  const err = await putError(client, putRequest('boom'));
  t.is(err.code, status.INTERNAL);
  t.is(err.details, 'cannot read properties of undefined');
  t.is(internalErrors.length, 1);
  t.is((await put(client, putRequest('ok', Buffer.alloc(3)))).header?.revision, 3n);
});

test('a message over the limit is refused with RESOURCE_EXHAUSTED in grpc-go words', async (t) => {
  const { client } = await serve(t);
  const err = await putError(client, putRequest('ok', Buffer.alloc(2000)));
  t.is(err.code, status.RESOURCE_EXHAUSTED);
  t.regex(err.details, /^grpc: received message larger than max \(\d+ vs\. 1024\)$/);
  t.is((await put(client, putRequest('ok', Buffer.alloc(5)))).header?.revision, 5n);
});

test('a method the server does not serve gets UNIMPLEMENTED', async (t) => {
  const server = new GrpcServer({ maxReceiveMessageLength: 1024 });
  server.addService(KVService, kv());
  const port = await server.listen(new URL('http://127.0.0.1:0'));
  const watcher = new WatchClient(`127.0.0.1:${port}`, credentials.createInsecure());
  t.teardown(async () => {
    watcher.close();
    await server.close();
  });
  const stream = watcher.watch();
  const [err] = (await once(stream, 'error')) as [ServiceError];
  t.is(err.code, status.UNIMPLEMENTED);
  t.is(err.details, 'unknown method Watch for service etcdserverpb.Watch');
});

test('a bidirectional call: responses in order, a half-close ends it with OK', async (t) => {
  const { watcher } = await serve(t);
  const stream = watcher.watch(new Metadata());
  const got: bigint[] = [];
  stream.on('data', (r: WatchResponse) => got.push(r.watchId));
  const statusEvent = once(stream, 'status');
  for (let i = 0n; i < 50n; i++) stream.write({ createRequest: { key: Buffer.from('k'), rangeEnd: Buffer.alloc(0), startRevision: 0n, progressNotify: false, filters: [], prevKv: false, watchId: i, fragment: false } });
  stream.end();
  const [st] = (await statusEvent) as [{ code: number }];
  t.is(st.code, status.OK);
  t.deepEqual(got, Array.from({ length: 50 }, (_, i) => BigInt(i)));
});

test('a bidirectional call failed by the server ends with its status; one cancelled by the client closes on the server', async (t) => {
  const { watcher, streams } = await serve(t);
  const create = (key: string) => ({ createRequest: { key: Buffer.from(key), rangeEnd: Buffer.alloc(0), startRevision: 0n, progressNotify: false, filters: [], prevKv: false, watchId: 1n, fragment: false } });
  const failing = watcher.watch();
  failing.on('data', () => undefined);
  failing.write(create('fail'));
  const [err] = (await once(failing, 'error')) as [ServiceError];
  t.is(err.code, status.ABORTED);
  t.is(err.details, 'told to fail');

  const cancelled = watcher.watch();
  cancelled.on('error', () => undefined);
  cancelled.write(create('k'));
  await once(cancelled, 'data');
  const call = streams[streams.length - 1]!;
  const closed = once(call, 'close');
  cancelled.cancel();
  await closed;
  t.false(call.write(watchResponse(1n)), 'writes after the client went away are dropped');
});
