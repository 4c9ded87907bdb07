import test from 'ava';
import { ApiClient, ApiClientError, Watcher, type KubeObject } from '@kubeling/client';
import { etcdCalls, etcdClients, rangeRequest, startApiServerOverStore, waitFor, type ApiServer, type ApiServerOverStore, type EtcdServer } from '@kubeling/testing';

let store: EtcdServer;
let api: ApiServer;
let client: ApiClient;

let cluster: ApiServerOverStore | undefined;

test.before(async () => {
  cluster = await startApiServerOverStore();
  ({ store, api } = cluster);
  client = new ApiClient({ endpoints: [api.grpcEndpoint], caCertPem: api.caCertPem, ...api.admin, retry: { attempts: 20, initialDelayMs: 100, maxDelayMs: 1000 } });
});

test.after.always(async () => {
  client?.close();
  await cluster?.stop();
});

const configmaps = (name?: string) => ({ version: 'v1', resource: 'configmaps', namespace: 'default', name });
const configmap = (name: string, data: Record<string, string>, labels: Record<string, string> = {}) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels }, data });

async function failure(p: Promise<unknown>): Promise<ApiClientError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof ApiClientError)) throw new Error(`expected an ApiClientError, got ${String(err)}`);
  return err;
}

test.serial('create, get, list by label, patch and delete over gRPC, objects as Kubernetes JSON', async (t) => {
  const created = await client.create(configmaps(), configmap('grpc-a', { k: 'v' }, { app: 'a' }));
  t.like(created, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'grpc-a', namespace: 'default' }, data: { k: 'v' } });
  t.truthy(created.metadata?.uid);
  await client.create(configmaps(), configmap('grpc-b', { k: 'w' }, { app: 'b' }));
  t.like(await client.get(configmaps('grpc-a')), { data: { k: 'v' } });

  const listed = await client.list(configmaps(), { labelSelector: 'app=b' });
  t.deepEqual(
    listed.items.map((i) => [i.kind, i.metadata?.name]),
    [['ConfigMap', 'grpc-b']],
  );
  t.regex(listed.resourceVersion, /^\d+$/);

  const patched = await client.patch(configmaps('grpc-a'), 'merge', { data: { k: 'patched', extra: 'x' } });
  t.deepEqual(patched.data, { k: 'patched', extra: 'x' });

  await client.delete(configmaps('grpc-a'));
  const notFound = await failure(client.get(configmaps('grpc-a')));
  t.is(notFound.code, 404);
  t.is(notFound.reason, 'NotFound');
  t.is(notFound.message, 'configmaps "grpc-a" not found');
});

test.serial('errors carry the Kubernetes Status: a stale update is a Conflict, a duplicate AlreadyExists, a bad name Invalid', async (t) => {
  const cm = await client.get(configmaps('grpc-b'));
  await client.update(configmaps('grpc-b'), { ...cm, data: { k: 'first' } });
  const stale = await failure(client.update(configmaps('grpc-b'), { ...cm, data: { k: 'second' } }));
  t.is(stale.code, 409);
  t.is(stale.reason, 'Conflict');
  t.regex(stale.message, /^Operation cannot be fulfilled on configmaps "grpc-b": the object has been modified/);

  const dup = await failure(client.create(configmaps(), configmap('grpc-b', {})));
  t.is(dup.reason, 'AlreadyExists');
  const invalid = await failure(client.create(configmaps(), configmap('Not_Valid', {})));
  t.is(invalid.code, 422);
  t.regex(invalid.message, /^ConfigMap "Not_Valid" is invalid: metadata\.name: Invalid value: "Not_Valid"/);
  t.is((await client.get(configmaps('grpc-b'))).data && ((await client.get(configmaps('grpc-b'))).data as Record<string, string>).k, 'first', 'nothing stored by the failures');
});

test.serial('the binding subresource sets spec.nodeName once with PodScheduled=True; a second binding or a stale uid is a Conflict', async (t) => {
  const pods = (name?: string, subresource?: string) => ({ version: 'v1', resource: 'pods', namespace: 'default', name, subresource });
  const created = await client.create<KubeObject>(pods(), { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'bindme' }, spec: { containers: [{ name: 'c', image: 'busybox' }] } });
  const binding = (node: string, uid = created.metadata!.uid) => ({ apiVersion: 'v1', kind: 'Binding', metadata: { name: 'bindme', uid }, target: { apiVersion: 'v1', kind: 'Node', name: node } });
  const stale = await client.create(pods('bindme', 'binding'), binding('n1', 'another-uid')).catch((e: ApiClientError) => e);
  t.like((stale as ApiClientError).status, { code: 409 });
  await client.create(pods('bindme', 'binding'), binding('n1'));
  const bound = await client.get<KubeObject & { spec: { nodeName?: string }; status: { conditions: Array<{ type: string; status: string }> } }>(pods('bindme'));
  t.is(bound.spec.nodeName, 'n1');
  t.like(bound.status.conditions.find((c) => c.type === 'PodScheduled'), { status: 'True' });
  const again = await client.create(pods('bindme', 'binding'), binding('n2')).catch((e: ApiClientError) => e);
  t.like((again as ApiClientError).status, { code: 409, reason: 'Conflict' });
  t.regex((again as ApiClientError).status.message ?? '', /already assigned to node "n1"/);
  await client.delete(pods('bindme'));
});

test.serial('a watch delivers every change in order and resumes across an apiserver restart without loss or repeats', async (t) => {
  const start = await client.list(configmaps());
  const seen: Array<[string, string, string]> = [];
  const watcher = new Watcher<KubeObject>(client, configmaps(), { resourceVersion: start.resourceVersion, labelSelector: 'watch=yes' }, {
    onEvent: (type, obj) => seen.push([type, obj.metadata!.name!, (obj.data as Record<string, string> | undefined)?.v ?? '']),
    onGone: () => t.fail('not gone'),
  });
  t.teardown(() => watcher.stop());
  await client.create(configmaps(), configmap('w1', { v: '1' }, { watch: 'yes' }));
  await client.patch(configmaps('w1'), 'merge', { data: { v: '2' } });
  await waitFor(() => seen.length === 2, { timeoutMs: 10_000, what: 'two events' });

  await api.restart();
  await client.create(configmaps(), configmap('w2', { v: '1' }, { watch: 'yes' }));
  await client.delete(configmaps('w1'));
  await client.patch(configmaps('w2'), 'merge', { metadata: { labels: { watch: 'no' } } });
  await waitFor(() => seen.length === 5, { timeoutMs: 60_000, what: 'five events' }).catch((e) => { t.log(JSON.stringify(seen)); throw e; });
  t.deepEqual(seen, [
    ['ADDED', 'w1', '1'],
    ['MODIFIED', 'w1', '2'],
    ['ADDED', 'w2', '1'],
    ['DELETED', 'w1', '2'],
    ['DELETED', 'w2', '1'],
  ]);
});

/** The Status a watch from `resourceVersion` is refused with (410 expected), or undefined if none comes within 20 s. */
function goneStatus(resourceVersion: string): Promise<{ code?: number; reason?: string } | undefined> {
  return new Promise((resolve) => {
    const w = new Watcher(client, configmaps(), { resourceVersion }, { onEvent: () => undefined, onGone: (s) => resolve(s) });
    setTimeout(() => {
      w.stop();
      resolve(undefined);
    }, 20_000);
  });
}

test.serial('a watch from a version the store has compacted away (and so the cache cannot hold) gets 410 Gone, as an ERROR event', async (t) => {
  const clients = etcdClients(store.endpoint);
  t.teardown(() => clients.close());
  const calls = etcdCalls(clients);
  const now = (await calls.range(rangeRequest({ key: 'x' }))).header!.revision;
  await calls.compact({ revision: now, physical: true });
  // A restarted apiserver fills its cache's history from the store, which now starts at the compaction.
  await api.restart();
  const status = await goneStatus('2');
  t.is(status?.code, 410);
  t.is(status?.reason, 'Expired');
});

test.serial('a deletion whose deleted value the store has compacted away does not break a restarting apiserver: older watches get 410, newer ones work', async (t) => {
  await client.create(configmaps(), configmap('doomed', { v: '1' }));
  await client.delete(configmaps('doomed'));
  const clients = etcdClients(store.endpoint);
  t.teardown(() => clients.close());
  const calls = etcdCalls(clients);
  const deletedAt = (await calls.range(rangeRequest({ key: 'x' }))).header!.revision;
  // Compacting at the deletion drops the value before it: a replay from here has a delete without prevKv.
  await calls.compact({ revision: deletedAt, physical: true });
  await api.restart();
  const status = await goneStatus(String(deletedAt - 1n));
  t.is(status?.code, 410);
  const seen: string[] = [];
  const watcher = new Watcher<KubeObject>(client, configmaps(), { resourceVersion: String(deletedAt) }, { onEvent: (type, o) => seen.push(`${type} ${o.metadata!.name}`), onGone: () => t.fail('not gone') });
  t.teardown(() => watcher.stop());
  await client.create(configmaps(), configmap('after', { v: '1' }));
  await waitFor(() => seen.includes('ADDED after'), { timeoutMs: 20_000, what: 'the event after the compaction' });
});

test.serial('a watch that asked for bookmarks hears the version it is at while its selector matches nothing', async (t) => {
  const start = await client.list(configmaps());
  const stream = client.watchStream(configmaps(), { resourceVersion: start.resourceVersion, labelSelector: 'matches=nothing', allowBookmarks: true });
  t.teardown(() => stream.cancel());
  const events: Array<{ type: string; rv: string }> = [];
  stream.on('data', (e: { type: string; object: Buffer }) => events.push({ type: e.type, rv: JSON.parse(e.object.toString()).metadata.resourceVersion }));
  stream.on('error', () => undefined);
  const created = await client.create(configmaps(), configmap('unwatched', { v: '1' }));
  await waitFor(() => events.length > 0, { timeoutMs: 20_000, what: 'a bookmark' });
  t.is(events[0]!.type, 'BOOKMARK');
  t.true(BigInt(events[0]!.rv) >= BigInt(created.metadata!.resourceVersion!), 'the bookmark is at or past the unwatched change');
});
