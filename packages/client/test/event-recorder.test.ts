import test from 'ava';
import { EventRecorder, type ApiClient, type Event, type KubeObject } from '../src/index.js';
import { clusterForTests } from './test-cluster.js';

let client: ApiClient;
clusterForTests(test, (c, admin) => {
  client = admin;
});

const EVENTS = { version: 'v1', resource: 'events', namespace: 'default' };

test('the recorder creates an Event, then aggregates a repeat into it (count 2, same name) through the apiserver', async (t) => {
  const cm = await client.create<KubeObject>({ version: 'v1', resource: 'configmaps', namespace: 'default' }, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'evented' } });
  const warnings: string[] = [];
  const recorder = new EventRecorder(client, { source: { component: 'test-controller' }, logger: { warn: (_o, msg) => warnings.push(msg) } });
  recorder.event(cm, 'Warning', 'SyncFailed', 'could not sync');
  await recorder.flush();
  const [created] = (await client.list<Event>(EVENTS)).items.filter((e) => e.involvedObject.name === 'evented');
  t.like(created, {
    kind: 'Event',
    involvedObject: { kind: 'ConfigMap', namespace: 'default', name: 'evented', uid: cm.metadata!.uid, apiVersion: 'v1', resourceVersion: cm.metadata!.resourceVersion },
    reason: 'SyncFailed',
    message: 'could not sync',
    type: 'Warning',
    source: { component: 'test-controller' },
    count: 1,
  });
  t.regex(created!.metadata!.name!, /^evented\.[0-9a-f]+$/);

  await new Promise((r) => setTimeout(r, 1100));
  recorder.event(cm, 'Warning', 'SyncFailed', 'could not sync');
  await recorder.flush();
  const events = (await client.list<Event>(EVENTS)).items.filter((e) => e.involvedObject.name === 'evented');
  t.is(events.length, 1, 'aggregated, not a second Event');
  t.like(events[0], { metadata: { name: created!.metadata!.name }, count: 2, firstTimestamp: created!.firstTimestamp });
  t.true(events[0]!.lastTimestamp > created!.lastTimestamp, 'lastTimestamp moved on');
  t.deepEqual(warnings, []);
});
