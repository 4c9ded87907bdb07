import test from 'ava';
import { ApiClientError, type KubeObject, type ResourceRef } from '@kubeling/client';
import type { ResourceInfo } from '@kubeling/api';
import type { NamespaceCondition } from 'kubernetes-types/core/v1.js';
import { pino } from 'pino';
import { deleteNamespace, ResourcesRemainingError, type NamespaceDeleterDeps, type NamespaceObject } from './namespaced-resources-deleter.js';

const resource = (group: string, name: string): ResourceInfo => ({ group, version: 'v1', resource: name, kind: name, singular: name, namespaced: true, shortNames: [], categories: [], verbs: ['delete', 'list'], subresources: [] });
const RESOURCES = [resource('', 'pods'), resource('', 'configmaps'), resource('apps', 'deployments')];
const DELETED_AT = '2026-01-01T00:00:00Z';

/** An in-memory API: objects by "resource/namespace/name"; a delete of an object with finalizers only marks it. */
class FakeApi {
  readonly objects = new Map<string, KubeObject>();
  readonly finalized: string[][] = [];
  failDeletesOf?: string;

  constructor(namespace: NamespaceObject) {
    this.objects.set('namespaces//ns', namespace);
  }

  add(resourceName: string, name: string, meta: Record<string, unknown> = {}): void {
    this.objects.set(`${resourceName}/ns/${name}`, { metadata: { name, namespace: 'ns', ...meta } });
  }

  namespace(): NamespaceObject {
    return this.objects.get('namespaces//ns') as NamespaceObject;
  }

  readonly client: NamespaceDeleterDeps['client'] = {
    get: async <T extends KubeObject>(ref: ResourceRef) => this.objects.get(`${ref.resource}/${ref.namespace ?? ''}/${ref.name}`) as T,
    list: async <T extends KubeObject>(ref: ResourceRef) => ({ items: [...this.objects].filter(([k]) => k.startsWith(`${ref.resource}/${ref.namespace}/`)).map(([, o]) => o as T), resourceVersion: '1' }),
    update: async <T extends KubeObject>(ref: ResourceRef, obj: unknown) => {
      const ns = obj as NamespaceObject;
      if (ref.subresource === 'finalize') this.finalized.push(ns.spec?.finalizers ?? []);
      this.objects.set('namespaces//ns', ns);
      return ns as T;
    },
    delete: async <T extends KubeObject>(ref: ResourceRef) => {
      if (ref.resource === this.failDeletesOf) throw new ApiClientError({ code: 500, message: `cannot delete ${ref.name}` }, 13);
      const key = `${ref.resource}/${ref.namespace}/${ref.name}`;
      const obj = this.objects.get(key)!;
      if (((obj.metadata?.finalizers as string[] | undefined) ?? []).length === 0) this.objects.delete(key);
      return obj as T;
    },
  };
}

const terminating = (): NamespaceObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ns', uid: 'u1', deletionTimestamp: DELETED_AT }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } });
const deps = (api: FakeApi, now = '2026-01-01T00:01:00Z'): NamespaceDeleterDeps => ({ client: api.client, resources: RESOURCES, finalizerToken: 'kubernetes', now: () => new Date(now), log: pino({ level: 'silent' }) });
const condition = (api: FakeApi, type: string) => (api.namespace().status?.conditions as NamespaceCondition[] | undefined)?.find((c) => c.type === type);

test('a namespace not being deleted is left alone', async (t) => {
  const api = new FakeApi({ ...terminating(), metadata: { name: 'ns', uid: 'u1' } });
  api.add('configmaps', 'a');
  await deleteNamespace('ns', deps(api));
  t.true(api.objects.has('configmaps/ns/a'));
  t.deepEqual(api.finalized, []);
});

test('content held by finalizers is reported and waited for; once it is gone the namespace is finalized', async (t) => {
  const api = new FakeApi(terminating());
  api.add('configmaps', 'a');
  api.add('deployments', 'web');
  api.add('pods', 'held', { finalizers: ['example.com/hold'] });
  api.add('pods', 'held-too', { finalizers: ['example.com/hold'] });

  const remaining = await t.throwsAsync(deleteNamespace('ns', deps(api)), { instanceOf: ResourcesRemainingError });
  t.is((remaining as ResourcesRemainingError).estimate, 15);
  t.is(api.namespace().status?.phase, 'Terminating');
  t.false(api.objects.has('configmaps/ns/a'));
  t.false(api.objects.has('deployments/ns/web'));
  t.like(condition(api, 'NamespaceContentRemaining'), { status: 'True', reason: 'SomeResourcesRemain', message: 'Some resources are remaining: pods. has 2 resource instances' });
  t.like(condition(api, 'NamespaceFinalizersRemaining'), { status: 'True', reason: 'SomeFinalizersRemain', message: 'Some content in the namespace has finalizers remaining: example.com/hold in 2 resource instances' });
  t.like(condition(api, 'NamespaceDeletionContentFailure'), { status: 'False', reason: 'ContentDeleted' });
  t.deepEqual(api.finalized, []);

  api.objects.delete('pods/ns/held');
  api.objects.delete('pods/ns/held-too');
  await deleteNamespace('ns', deps(api));
  t.like(condition(api, 'NamespaceContentRemaining'), { status: 'False', reason: 'ContentRemoved', message: 'All content successfully removed' });
  t.deepEqual(api.finalized, [[]]);
});

test('running pods are given their grace period from the namespace deletion; a failed delete is a NamespaceDeletionContentFailure', async (t) => {
  const api = new FakeApi(terminating());
  api.add('pods', 'slow', { finalizers: ['x/y'] });
  (api.objects.get('pods/ns/slow') as KubeObject).spec = { terminationGracePeriodSeconds: 30 };
  const early = await t.throwsAsync(deleteNamespace('ns', deps(api, '2026-01-01T00:00:10Z')), { instanceOf: ResourcesRemainingError });
  t.is((early as ResourcesRemainingError).estimate, 30);

  api.objects.delete('pods/ns/slow');
  api.add('configmaps', 'stuck');
  api.failDeletesOf = 'configmaps';
  await t.throwsAsync(deleteNamespace('ns', deps(api)), { message: 'cannot delete stuck' });
  t.like(condition(api, 'NamespaceDeletionContentFailure'), { status: 'True', reason: 'ContentDeletionFailed', message: 'Failed to delete all resource types, 1 remaining: cannot delete stuck' });
  t.deepEqual(api.finalized, []);
});
