import test from 'ava';
import { CycleState } from '../framework/cycle-state.js';
import { Snapshot } from '../framework/snapshot.js';
import { fakeHandle, recordingClient } from '../framework/testing/fake-handle.js';
import { DefaultBinderPlugin } from './default-binder.js';

const pod = { metadata: { name: 'web', namespace: 'apps', uid: 'u-1' }, spec: { containers: [] } };

test('DefaultBinder creates pods/binding naming the node, with the pod uid as a precondition', async (t) => {
  const client = recordingClient();
  const status = await new DefaultBinderPlugin(fakeHandle(new Snapshot([]), {}, client)).bind(new CycleState(), pod, 'node-1');
  t.true(status.isSuccess());
  t.deepEqual(client.created, [
    {
      ref: { version: 'v1', resource: 'pods', namespace: 'apps', name: 'web', subresource: 'binding' },
      body: { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'web', namespace: 'apps', uid: 'u-1' }, target: { apiVersion: 'v1', kind: 'Node', name: 'node-1' } },
    },
  ]);
});

test('a refused binding is an Error status that keeps what the apiserver said', async (t) => {
  const refusal = Object.assign(new Error('pod web is already assigned to node "node-2"'), { code: 409 });
  const status = await new DefaultBinderPlugin(fakeHandle(new Snapshot([]), {}, recordingClient(() => refusal))).bind(new CycleState(), pod, 'node-1');
  t.is(status.code, 'Error');
  t.is(status.message(), 'pod web is already assigned to node "node-2"');
  t.is(status.cause, refusal);
});
