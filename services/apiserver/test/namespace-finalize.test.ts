import test from 'ava';
import type { KubeObject, ResourceRef } from '@kubeling/client';
import { codeOf, useApiServer } from './api-fixture.js';

const api = useApiServer();
const k = (...args: string[]) => api.kubectl(args);

interface Namespace extends KubeObject {
  metadata: { name: string; finalizers?: string[]; deletionTimestamp?: string; resourceVersion?: string };
  spec?: { finalizers?: string[] };
  status?: { phase?: string };
}

const ns = (name?: string, subresource?: string): ResourceRef => ({ version: 'v1', resource: 'namespaces', name, subresource });
const createNamespace = (name: string, finalizers?: string[]) => api.client.create<Namespace>(ns(), { apiVersion: 'v1', kind: 'Namespace', metadata: { name, ...(finalizers ? { finalizers } : {}) } });
const finalize = async (name: string, finalizers: string[]) => {
  const current = await api.client.get<Namespace>(ns(name));
  return api.client.update<Namespace>(ns(name, 'finalize'), { ...current, spec: { finalizers } });
};

test.serial('gRPC: delete marks the namespace Terminating; new content is refused; only finalize changes spec.finalizers, and emptying them deletes it', async (t) => {
  const created = await createNamespace('fin-a');
  t.deepEqual(created.spec?.finalizers, ['kubernetes']);
  t.is(created.status?.phase, 'Active');

  const deleted = await api.client.delete<Namespace>(ns('fin-a'));
  t.is(deleted.status?.phase, 'Terminating');
  t.truthy(deleted.metadata.deletionTimestamp);
  t.like(await api.client.get<Namespace>(ns('fin-a')), { status: { phase: 'Terminating' }, spec: { finalizers: ['kubernetes'] } });
  t.is(await codeOf(api.client.create({ version: 'v1', resource: 'configmaps', namespace: 'fin-a' }, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'late' } })), 403);

  const current = await api.client.get<Namespace>(ns('fin-a'));
  const updated = await api.client.update<Namespace>(ns('fin-a'), { ...current, metadata: { ...current.metadata, labels: { touched: 'yes' } }, spec: { finalizers: [] } });
  t.deepEqual(updated.spec?.finalizers, ['kubernetes'], 'an ordinary update keeps spec.finalizers');
  t.is((updated.metadata as { labels?: Record<string, string> }).labels?.touched, 'yes');

  await finalize('fin-a', []);
  t.is(await codeOf(api.client.get(ns('fin-a'))), 404);
});

test.serial('gRPC: a namespace with metadata.finalizers waits for them after finalize; a policy on delete sets its GC finalizer', async (t) => {
  await createNamespace('fin-b', ['example.com/hold']);
  await api.client.delete(ns('fin-b'), { propagationPolicy: 'Orphan' });
  t.deepEqual((await api.client.get<Namespace>(ns('fin-b'))).metadata.finalizers, ['example.com/hold', 'orphan']);
  const finalized = await finalize('fin-b', []);
  t.deepEqual(finalized.spec?.finalizers, []);
  t.is(finalized.status?.phase, 'Terminating');
  await api.client.patch(ns('fin-b'), 'merge', { metadata: { finalizers: null } });
  t.is(await codeOf(api.client.get(ns('fin-b'))), 404);
});

test.serial('HTTP: kubectl delete ns --wait=false returns, get shows Terminating; PUT .../finalize over HTTP lets it go; discovery lists namespaces/finalize', async (t) => {
  t.is((await k('create', 'namespace', 'fin-k')).code, 0);
  const deleted = await k('delete', 'namespace', 'fin-k', '--wait=false');
  t.is(deleted.stdout.trim(), 'namespace "fin-k" deleted', deleted.stderr);
  const shown = await k('get', 'namespace', 'fin-k');
  t.regex(shown.stdout, /^fin-k\s+Terminating\s+\d+s$/m);

  const current = await api.client.get<Namespace>(ns('fin-k'));
  const body = JSON.stringify({ ...current, spec: { finalizers: [] } });
  const put = await api.kubectl(['replace', '--raw', '/api/v1/namespaces/fin-k/finalize', '-f', '-'], body);
  t.is(put.code, 0, put.stderr);
  const gone = await k('get', 'namespace', 'fin-k');
  t.is(gone.stderr.trim(), 'Error from server (NotFound): namespaces "fin-k" not found');

  const discovery = JSON.parse((await k('get', '--raw', '/api/v1')).stdout) as { resources: Array<{ name: string; verbs: string[] }> };
  t.deepEqual(discovery.resources.find((r) => r.name === 'namespaces/finalize')?.verbs, ['update']);
});
