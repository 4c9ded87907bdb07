import test from 'ava';
import { labelSelectorFromSet } from '@kubeling/api/selectors/label-selector';
import { ApiClientError, type KubeObject } from '@kubeling/client';
import { ControllerRefManager, type ClaimDeps } from './controller-ref-manager.js';

const KIND = { apiVersion: 'apps/v1', kind: 'ReplicaSet' };
const owner = (extra: Record<string, unknown> = {}): KubeObject => ({ metadata: { name: 'web', namespace: 'ns', uid: 'rs-uid', ...extra } });
const ref = (uid: string, controller = true) => ({ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'x', uid, controller });
const pod = (name: string, labels: Record<string, string>, extra: Record<string, unknown> = {}): KubeObject => ({ metadata: { name, namespace: 'ns', uid: `uid-${name}`, labels, ...extra } });
const apiError = (code: number, reason: string) => new ApiClientError({ code, reason, message: reason }, 0);

function fakes(options: { fresh?: KubeObject | undefined; fail?: Record<string, Error> } = {}) {
  const patches: Array<{ name: string; patch: unknown }> = [];
  let freshReads = 0;
  const deps: ClaimDeps = {
    getFreshOwner: () => {
      freshReads++;
      return Promise.resolve('fresh' in options ? options.fresh : owner());
    },
    patch: (_namespace, name, patch) => {
      patches.push({ name, patch });
      const failure = options.fail?.[name];
      return failure ? Promise.reject(failure) : Promise.resolve({});
    },
  };
  return { deps, patches, freshReads: () => freshReads };
}

const manager = (deps: ClaimDeps, o = owner()) => new ControllerRefManager(o, KIND, labelSelectorFromSet({ app: 'web' }), deps);
const names = (objs: KubeObject[]) => objs.map((o) => o.metadata!.name);

test('keeps its matching pods, adopts matching orphans, leaves others alone', async (t) => {
  const f = fakes();
  const pods = [
    pod('mine', { app: 'web' }, { ownerReferences: [ref('rs-uid')] }),
    pod('orphan', { app: 'web' }),
    pod('theirs', { app: 'web' }, { ownerReferences: [ref('other-uid')] }),
    pod('stranger', { app: 'db' }),
    pod('owned-not-controller', { app: 'web' }, { ownerReferences: [ref('rs-uid', false)] }),
  ];
  t.deepEqual(names(await manager(f.deps).claim(pods)), ['mine', 'orphan', 'owned-not-controller']);
  t.deepEqual(f.patches.map((p) => p.name), ['orphan', 'owned-not-controller']);
  t.deepEqual(f.patches[0]!.patch, {
    metadata: { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: 'rs-uid', controller: true, blockOwnerDeletion: true }], uid: 'uid-orphan' },
  });
  t.is(f.freshReads(), 1, 'the owner is re-read once, before the first adoption');
});

test('releases its pods that no longer match, by deleting its reference', async (t) => {
  const f = fakes();
  const claimed = await manager(f.deps).claim([pod('moved', { app: 'other' }, { ownerReferences: [ref('rs-uid')] })]);
  t.deepEqual(claimed, []);
  t.deepEqual(f.patches, [{ name: 'moved', patch: { metadata: { ownerReferences: [{ $patch: 'delete', uid: 'rs-uid' }], uid: 'uid-moved' } } }]);
});

test('an owner being deleted neither adopts nor releases, but keeps what still matches', async (t) => {
  const f = fakes();
  const deleting = owner({ deletionTimestamp: '2026-01-01T00:00:00Z' });
  const pods = [pod('mine', { app: 'web' }, { ownerReferences: [ref('rs-uid')] }), pod('moved', { app: 'x' }, { ownerReferences: [ref('rs-uid')] }), pod('orphan', { app: 'web' })];
  t.deepEqual(names(await manager(f.deps, deleting).claim(pods)), ['mine']);
  t.deepEqual(f.patches, []);
});

test('deleting orphans and orphans of another namespace are not adopted', async (t) => {
  const f = fakes();
  const pods = [pod('going', { app: 'web' }, { deletionTimestamp: '2026-01-01T00:00:00Z' }), { metadata: { name: 'far', namespace: 'other', uid: 'u', labels: { app: 'web' } } }];
  t.deepEqual(await manager(f.deps).claim(pods), []);
  t.deepEqual(f.patches, []);
});

test('no adoption when the fresh owner is gone, replaced or being deleted', async (t) => {
  for (const fresh of [undefined, owner({ uid: 'new-uid' }), owner({ deletionTimestamp: '2026-01-01T00:00:00Z' })]) {
    const f = fakes({ fresh });
    await t.throwsAsync(manager(f.deps).claim([pod('orphan', { app: 'web' })]));
    t.deepEqual(f.patches, []);
  }
});

test('a pod gone meanwhile is skipped; other failures fail the claim after the rest were tried', async (t) => {
  const gone = fakes({ fail: { orphan: apiError(404, 'NotFound') } });
  t.deepEqual(await manager(gone.deps).claim([pod('orphan', { app: 'web' })]), []);

  const invalid = fakes({ fail: { moved: apiError(422, 'Invalid') } });
  t.deepEqual(await manager(invalid.deps).claim([pod('moved', { app: 'x' }, { ownerReferences: [ref('rs-uid')] })]), [], 'a release of a replaced pod is no error');

  const conflict = fakes({ fail: { a: apiError(409, 'Conflict') } });
  await t.throwsAsync(manager(conflict.deps).claim([pod('a', { app: 'web' }), pod('b', { app: 'web' })]), { message: 'Conflict' });
  t.deepEqual(conflict.patches.map((p) => p.name), ['a', 'b']);
});
