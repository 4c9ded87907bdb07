// The ServiceAccounts controller across processes: a store and apiserver, and the
// controller-manager running only serviceaccount-controller.
import test from 'ava';
import { isNotFound, type ResourceRef } from '@kubeling/client';
import { waitFor, waitForLog } from '@kubeling/testing';
import { useCluster } from './cluster-fixture.js';

const fixture = useCluster();
const WAIT = { timeoutMs: 120_000, intervalMs: 200 };

test.before(async () => {
  const manager = fixture.start('controller-manager', ['--controllers', 'serviceaccount-controller', '--leader-elect=false']);
  await waitForLog(manager, 'caches synced; controllers running', 90_000);
});

const defaultServiceAccount = (namespace: string): ResourceRef => ({ version: 'v1', resource: 'serviceaccounts', namespace, name: 'default' });
const uidOf = (namespace: string) => fixture.client.get(defaultServiceAccount(namespace)).then((sa) => sa.metadata?.uid, (err: unknown) => (isNotFound(err) ? undefined : Promise.reject(err)));
const createNamespace = (name: string) => fixture.client.create({ version: 'v1', resource: 'namespaces' }, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });

test.serial('every active namespace has a "default" ServiceAccount, the system ones and a new one; a deleted one comes back', async (t) => {
  for (const ns of ['default', 'kube-system']) await waitFor(() => uidOf(ns), { ...WAIT, what: `default ServiceAccount in ${ns}` });
  await createNamespace('team-a');
  const first = await waitFor(() => uidOf('team-a'), { ...WAIT, what: 'default ServiceAccount in team-a' });
  await fixture.client.delete(defaultServiceAccount('team-a'));
  const second = await waitFor(async () => {
    const uid = await uidOf('team-a');
    return uid !== first ? uid : undefined;
  }, { ...WAIT, what: 'the default ServiceAccount recreated' });
  t.truthy(second);
});

test.serial('a terminating namespace gets none back', async (t) => {
  await createNamespace('leaving');
  await waitFor(() => uidOf('leaving'), { ...WAIT, what: 'default ServiceAccount in leaving' });
  // No namespace controller runs here: the namespace stays Terminating.
  await fixture.client.delete({ version: 'v1', resource: 'namespaces', name: 'leaving' });
  await fixture.client.delete(defaultServiceAccount('leaving'));
  // A namespace created after it is served later: by then the deleted one would be back.
  await createNamespace('later');
  await waitFor(() => uidOf('later'), { ...WAIT, what: 'default ServiceAccount in later' });
  t.is(await uidOf('leaving'), undefined);
});
