import test from 'ava';
import { ApiClientError } from '@kubeling/client';
import { pino } from 'pino';
import { pod, service } from '../../controller-utils/service-pods.fixtures.js';
import type { PodObject, ServiceObject } from '../../controller-utils/service-pods.js';
import { syncEndpoints, type EndpointsObject, type EndpointsSyncDeps } from './sync.js';

const log = pino({ level: 'silent' });

function fake(services: ServiceObject[], pods: PodObject[], endpoints: EndpointsObject[] = []) {
  const writes: Array<[op: string, obj: unknown]> = [];
  const deps: EndpointsSyncDeps = {
    getService: (_ns, name) => services.find((s) => s.metadata!.name === name),
    podsOf: () => pods,
    getEndpoints: (_ns, name) => endpoints.find((e) => e.metadata!.name === name),
    createEndpoints: async (obj) => writes.push(['create', obj]),
    updateEndpoints: async (obj) => writes.push(['update', obj]),
    deleteEndpoints: async (ns, name) => {
      if (!endpoints.some((e) => e.metadata!.name === name)) throw new ApiClientError({ code: 404, reason: 'NotFound', message: 'not found' }, 5);
      writes.push(['delete', `${ns}/${name}`]);
    },
  };
  return { deps, writes };
}

test('a service with a selector gets Endpoints of its name with its labels; a second sync of the written state writes nothing', async (t) => {
  const svc = service('web', { labels: { team: 'a' } });
  const { deps, writes } = fake([svc], [pod('a')]);
  await syncEndpoints('default/web', deps, log);
  t.is(writes.length, 1);
  const [op, written] = writes[0]! as [string, EndpointsObject];
  t.is(op, 'create');
  t.like(written, { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'web', namespace: 'default', labels: { team: 'a' } } });
  t.is(written.subsets![0]!.addresses![0]!.ip, '10.0.0.1');

  const again = fake([svc], [pod('a')], [{ ...written, metadata: { ...written.metadata, resourceVersion: '5' } }]);
  await syncEndpoints('default/web', again.deps, log);
  t.deepEqual(again.writes, []);
});

test('changed subsets update the existing object with its resourceVersion; a headless service adds the headless label', async (t) => {
  const svc = service('web', { clusterIP: 'None' });
  const current: EndpointsObject = { metadata: { name: 'web', namespace: 'default', resourceVersion: '7', annotations: { keep: 'me' } }, subsets: [] };
  const { deps, writes } = fake([svc], [pod('a')], [current]);
  await syncEndpoints('default/web', deps, log);
  const [op, written] = writes[0]! as [string, EndpointsObject];
  t.is(op, 'update');
  t.like(written.metadata, { resourceVersion: '7', annotations: { keep: 'me' }, labels: { 'service.kubernetes.io/headless': '' } });
});

test('a service without a selector keeps what its user wrote; a deleted service takes its Endpoints along', async (t) => {
  const user: EndpointsObject = { metadata: { name: 'ext', namespace: 'default' }, subsets: [{ addresses: [{ ip: '1.2.3.4' }] }] };
  const noSelector = fake([service('ext', { selector: {} })], [pod('a')], [user]);
  await syncEndpoints('default/ext', noSelector.deps, log);
  t.deepEqual(noSelector.writes, []);

  const gone = fake([], [], [user]);
  await syncEndpoints('default/ext', gone.deps, log);
  t.deepEqual(gone.writes, [['delete', 'default/ext']]);
  await t.notThrowsAsync(syncEndpoints('default/never', fake([], []).deps, log));
});

test('over 1000 addresses the Endpoints list 1000 and are annotated over-capacity; back under, the annotation goes', async (t) => {
  const many = Array.from({ length: 1001 }, (_, i) => pod(`p${i}`, { ip: `10.0.${Math.floor(i / 250)}.${i % 250}` }));
  const over = fake([service('web')], many);
  await syncEndpoints('default/web', over.deps, log);
  const written = over.writes[0]![1] as EndpointsObject;
  t.is(written.subsets![0]!.addresses!.length, 1000);
  t.is(written.metadata?.annotations?.['endpoints.kubernetes.io/over-capacity'], 'truncated');

  const under = fake([service('web')], many.slice(0, 10), [{ ...written, metadata: { ...written.metadata, resourceVersion: '3' } }]);
  await syncEndpoints('default/web', under.deps, log);
  t.deepEqual((under.writes[0]![1] as EndpointsObject).metadata?.annotations, {});
});
