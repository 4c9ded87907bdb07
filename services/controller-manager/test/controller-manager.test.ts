import test from 'ava';
import type { KubeObject } from '@kubeling/client';
import { runEntry, waitFor } from '@kubeling/testing';
import type { Node } from 'kubernetes-types/core/v1.js';
import { useCluster } from './cluster-fixture.js';

const fixture = useCluster();

const run = (args: string[]) => runEntry('services/controller-manager/src/main.ts', args);

test('bad flags exit 2 naming the flag or the controller', async (t) => {
  t.deepEqual(await run(['--kubeconfig', 'k', '--bogus', '1']), { code: 2, stderr: 'kubeling controller-manager: unknown flag: --bogus\n' });
  t.deepEqual(await run(['--kubeconfig', 'k', '--allocate-node-cidrs']), { code: 2, stderr: 'kubeling controller-manager: invalid value "" for flag --cluster-cidr: required when --allocate-node-cidrs is true\n' });
  t.deepEqual(await run(['--kubeconfig', 'k', '--controllers', '*,nope']), { code: 2, stderr: 'kubeling controller-manager: "nope" is not in the list of known controllers\n' });
});

test('the process takes the kube-controller-manager lease and gives nodes a podCIDR', async (t) => {
  const { client } = fixture;
  fixture.start('controller-manager', ['--allocate-node-cidrs', '--cluster-cidr', '10.200.0.0/16', '--leader-elect-lease-duration=2s', '--leader-elect-renew-deadline=1500ms', '--leader-elect-retry-period=300ms']);
  await client.create({ version: 'v1', resource: 'nodes' }, { apiVersion: 'v1', kind: 'Node', metadata: { name: 'worker-1' } });
  const cidr = await waitFor(async () => (await client.get<Node & KubeObject>({ version: 'v1', resource: 'nodes', name: 'worker-1' })).spec?.podCIDR, { timeoutMs: 60_000, what: 'a podCIDR' });
  t.is(cidr, '10.200.0.0/24');
  const lease = await client.get<KubeObject & { spec: { holderIdentity?: string } }>({ group: 'coordination.k8s.io', version: 'v1', resource: 'leases', namespace: 'kube-system', name: 'kube-controller-manager' });
  t.truthy(lease.spec.holderIdentity);
});
