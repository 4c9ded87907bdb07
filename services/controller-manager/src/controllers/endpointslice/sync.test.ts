import test from 'ava';
import { pino } from 'pino';
import { pod, service } from '../../controller-utils/service-pods.fixtures.js';
import type { ServiceObject } from '../../controller-utils/service-pods.js';
import type { SliceObject } from './desired-endpoints.js';
import { EndpointSliceTracker } from './slice-tracker.js';
import { PodNodeNotFoundError, StaleInformerCacheError, syncEndpointSlices, type SliceSyncDeps } from './sync.js';

const log = pino({ level: 'silent' });

function fake(services: ServiceObject[], cached: SliceObject[] = []) {
  const ops: string[] = [];
  let n = 0;
  const deps: SliceSyncDeps = {
    getService: (_ns, name) => services.find((s) => s.metadata!.name === name),
    podsOf: () => [pod('a'), pod('lost', { ip: '10.0.0.9', nodeName: 'gone' })],
    slicesOf: () => cached,
    getNode: (name) => (name === 'node-a' ? { metadata: { name } } : undefined),
    tracker: new EndpointSliceTracker(),
    maxEndpointsPerSlice: 100,
    createSlice: async (slice) => {
      const name = `web-${n++}`;
      ops.push(`create ${name}`);
      return { ...slice, metadata: { ...slice.metadata, name, uid: name, generation: 1 } };
    },
    updateSlice: async (slice) => (ops.push(`update ${slice.metadata!.name}`), slice),
    deleteSlice: async (_ns, name) => ops.push(`delete ${name}`),
  };
  return { deps, ops };
}

test('a sync writes the plan, records it, and fails (to be retried) for pods whose node is unknown; the next sync sees the cache behind', async (t) => {
  const { deps, ops } = fake([service('web')]);
  await t.throwsAsync(syncEndpointSlices('default/web', deps, log), { instanceOf: PodNodeNotFoundError });
  t.deepEqual(ops, ['create web-0']);
  await t.throwsAsync(syncEndpointSlices('default/web', deps, log), { instanceOf: StaleInformerCacheError });
  t.deepEqual(ops, ['create web-0']);
});

test('a deleted service takes its slices along; a service without a selector is left alone', async (t) => {
  const old: SliceObject = { metadata: { name: 'web-x', namespace: 'default', uid: 'x', labels: { 'kubernetes.io/service-name': 'web' } }, addressType: 'IPv4', endpoints: [] };
  const gone = fake([], [old]);
  await syncEndpointSlices('default/web', gone.deps, log);
  t.deepEqual(gone.ops, ['delete web-x']);
  const manual = fake([service('web', { selector: {} })], [old]);
  await syncEndpointSlices('default/web', manual.deps, log);
  t.deepEqual(manual.ops, []);
});
