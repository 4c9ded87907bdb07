// The token, kubeconfig and watch paths of ApiClient, against a tiny local gRPC server that records the metadata it gets.
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { CallError, GrpcServer, GrpcStatus, StatusError } from '@kubeling/grpc-server';
import { buildKubeconfig, writeClusterPki, writeKubeconfig, type ClusterPki } from '@kubeling/pki';
import { ResourcesService } from '@kubeling/proto/api';
import { ApiClient } from './api-client.js';
import { ApiClientError } from './api-error.js';
import { Watcher } from './watcher.js';

const dir = mkdtempSync(join(tmpdir(), 'kubeling-client-token-'));
let pki: ClusterPki;
let server: GrpcServer;
let endpoint: string;
/** The `authorization` metadata of each call, by method. */
const seen: Array<[string, string | undefined]> = [];

const object = Buffer.from(JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } }));
const record = (method: string, headers: Record<string, string | string[] | undefined>) => seen.push([method, headers.authorization as string | undefined]);

test.before(async () => {
  pki = writeClusterPki(dir);
  server = new GrpcServer({ maxReceiveMessageLength: 4 * 1024 * 1024 });
  const unary = (method: string) => (_req: unknown, info: { headers: Record<string, string | string[] | undefined> }) => {
    record(method, info.headers);
    return { object };
  };
  server.addService(ResourcesService, {
    get: unary('get'),
    create: unary('create'),
    update: unary('update'),
    patch: unary('patch'),
    delete: unary('delete'),
    list: (_req, info) => {
      record('list', info.headers);
      return { items: [object], resourceVersion: '5', continue: '', remainingItemCount: 0n };
    },
    watch: (req, call, info) => {
      record('watch', info.headers);
      if (req.labelSelector === 'forbidden') {
        const status = { kind: 'Status', status: 'Failure', message: 'configmaps is forbidden', reason: 'Forbidden', code: 403 };
        return call.fail(new StatusError(GrpcStatus.PERMISSION_DENIED, status.message, { 'kubeling-status-bin': Buffer.from(JSON.stringify(status)) }));
      }
      call.write({ type: 'ADDED', object });
      call.end();
    },
  });
  const port = await server.listen(new URL('https://127.0.0.1:0'), { certFile: pki.files.apiServer.publicPath, keyFile: pki.files.apiServer.privatePath });
  endpoint = `127.0.0.1:${port}`;
});

test.after.always(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

const watchOnce = (client: ApiClient) =>
  new Promise<void>((resolve, reject) => {
    const stream = client.watchStream({ version: 'v1', resource: 'configmaps' });
    stream.on('data', () => undefined);
    stream.on('end', resolve);
    stream.on('error', reject);
  });

test.serial('a token goes as `authorization: Bearer <token>` metadata on every call and on watches', async (t) => {
  seen.length = 0;
  const client = new ApiClient({ endpoints: [endpoint], caCertPem: pki.ca.certPem, token: 'abc.def' });
  t.teardown(() => client.close());
  const ref = { version: 'v1', resource: 'configmaps', namespace: 'default', name: 'x' };
  t.like(await client.get(ref), { metadata: { name: 'x' } });
  t.is((await client.list(ref)).resourceVersion, '5');
  await client.create(ref, {});
  await client.patch(ref, 'merge', {});
  await watchOnce(client);
  t.deepEqual(seen, [
    ['get', 'Bearer abc.def'],
    ['list', 'Bearer abc.def'],
    ['create', 'Bearer abc.def'],
    ['patch', 'Bearer abc.def'],
    ['watch', 'Bearer abc.def'],
  ]);
});

test.serial('a client certificate sends no authorization metadata', async (t) => {
  seen.length = 0;
  const client = new ApiClient({ endpoints: [endpoint], caCertPem: pki.ca.certPem, ...pki.admin });
  t.teardown(() => client.close());
  await client.get({ version: 'v1', resource: 'configmaps', namespace: 'default', name: 'x' });
  await watchOnce(client);
  t.deepEqual(seen, [
    ['get', undefined],
    ['watch', undefined],
  ]);
});

test.serial('fromKubeconfig takes the gRPC endpoints from the kubeling.io/grpc extension, failing over past a dead one, and the token from the user', async (t) => {
  seen.length = 0;
  const path = join(dir, 'robot.kubeconfig');
  const dead = '127.0.0.1:1';
  writeKubeconfig(path, buildKubeconfig({ clusterName: 'kubeling', server: 'https://127.0.0.1:6443', caCertPem: pki.ca.certPem, username: 'robot', credentials: { token: 't0k' }, grpcServers: [dead, endpoint] }));
  const client = ApiClient.fromKubeconfig(path, { retry: { attempts: 5, initialDelayMs: 10, maxDelayMs: 50 } });
  t.teardown(() => client.close());
  await client.get({ version: 'v1', resource: 'configmaps', namespace: 'default', name: 'x' });
  t.deepEqual(seen, [['get', 'Bearer t0k']]);
});

test.serial('a watch refused by the apiserver fails with its Status, read as from a unary call', async (t) => {
  const client = new ApiClient({ endpoints: [endpoint], caCertPem: pki.ca.certPem, ...pki.admin });
  t.teardown(() => client.close());
  const [err] = (await once(client.watchStream({ version: 'v1', resource: 'configmaps' }, { labelSelector: 'forbidden' }), 'error')) as [CallError];
  t.is(err.code, GrpcStatus.PERMISSION_DENIED);
  const apiError = ApiClientError.fromServiceError(err);
  t.is(apiError.code, 403);
  t.is(apiError.reason, 'Forbidden');
  t.is(apiError.message, 'configmaps is forbidden');
});

test.serial('a Watcher whose first apiserver is down watches through the next one', async (t) => {
  const client = new ApiClient({ endpoints: ['127.0.0.1:1', endpoint], caCertPem: pki.ca.certPem, ...pki.admin });
  t.teardown(() => client.close());
  const seen = await new Promise<string[]>((resolve) => {
    const watcher = new Watcher(client, { version: 'v1', resource: 'configmaps' }, {}, { onEvent: (type, o) => resolve([type, o.metadata!.name!]), onGone: () => t.fail() });
    t.teardown(() => watcher.stop());
  });
  t.deepEqual(seen, ['ADDED', 'x']);
});

test('fromKubeconfig explains what a kubeconfig lacks', (t) => {
  const base = { clusterName: 'kubeling', server: 'https://127.0.0.1:6443', caCertPem: 'CA', username: 'u', credentials: { token: 't' } };
  t.throws(() => ApiClient.fromKubeconfig(buildKubeconfig(base)), { message: 'cluster "kubeling" has no "kubeling.io/grpc" extension naming the apiservers\' gRPC endpoints' });
  const noCredentials = buildKubeconfig({ ...base, grpcServers: ['127.0.0.1:1'] });
  noCredentials.users[0]!.user = {};
  t.throws(() => ApiClient.fromKubeconfig(noCredentials), { message: 'user "u" has neither a client certificate and key nor a token' });
});
