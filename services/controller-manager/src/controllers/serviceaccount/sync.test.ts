import test from 'ava';
import { ApiClientError } from '@kubeling/client';
import type { Namespace, ServiceAccount } from 'kubernetes-types/core/v1.js';
import { syncNamespace, type ServiceAccountsDeps } from './sync.js';

function fakes(namespaces: Namespace[], existing: string[] = [], fail?: ApiClientError) {
  const created: string[] = [];
  const deps: ServiceAccountsDeps = {
    getNamespace: (name) => namespaces.find((n) => n.metadata?.name === name),
    getServiceAccount: (namespace, name) => (existing.includes(`${namespace}/${name}`) ? ({ metadata: { name, namespace } } as ServiceAccount) : undefined),
    createServiceAccount: async (namespace, sa) => {
      if (fail) throw fail;
      created.push(`${namespace}/${sa.metadata?.name}`);
    },
  };
  return { deps, created };
}

const ns = (name: string, phase = 'Active'): Namespace => ({ metadata: { name }, status: { phase } });

test('an active namespace without "default" gets it; one that has it, a terminating one and a missing one get nothing', async (t) => {
  const { deps, created } = fakes([ns('a'), ns('b'), ns('gone-soon', 'Terminating')], ['b/default']);
  for (const name of ['a', 'b', 'gone-soon', 'missing']) await syncNamespace(name, deps);
  t.deepEqual(created, ['a/default']);
});

test('AlreadyExists (the cache was behind) and a namespace that began terminating are not failures; other errors are', async (t) => {
  const exists = new ApiClientError({ code: 409, reason: 'AlreadyExists' }, 6);
  await t.notThrowsAsync(syncNamespace('a', fakes([ns('a')], [], exists).deps));
  const terminating = new ApiClientError({ code: 403, reason: 'Forbidden', details: { causes: [{ reason: 'NamespaceTerminating' }] } }, 7);
  await t.notThrowsAsync(syncNamespace('a', fakes([ns('a')], [], terminating).deps));
  const broken = new ApiClientError({ code: 500, reason: 'InternalError', message: 'etcd down' }, 13);
  await t.throwsAsync(syncNamespace('a', fakes([ns('a')], [], broken).deps), { message: 'etcd down' });
});
