import test from 'ava';
import type { KubeObject } from '@kubeling/client';
import { waitFor } from '@kubeling/testing';
import type { Node } from 'kubernetes-types/core/v1.js';
import { pino } from 'pino';
import { NodeIpamController } from '../src/controllers/node-ipam/controller.js';
import { useCluster } from './cluster-fixture.js';
import { runInProcess } from './in-process.js';

const fixture = useCluster();

const NODES = { version: 'v1', resource: 'nodes' };
const node = (name: string, podCIDR?: string) => ({ apiVersion: 'v1', kind: 'Node', metadata: { name }, spec: podCIDR ? { podCIDR, podCIDRs: [podCIDR] } : {} });
const podCidrOf = async (name: string) => (await fixture.client.get<Node & KubeObject>({ ...NODES, name })).spec?.podCIDR;

const startController = () => runInProcess(fixture.client, (factory) => [[new NodeIpamController(fixture.client, factory, { clusterCidr: '10.244.0.0/16' }, pino({ level: 'silent' })), 2]]);

test.serial('nodes get distinct /24s from the cluster CIDR; one that has a subnet keeps it, and a restarted controller hands out no subnet twice', async (t) => {
  await fixture.client.create(NODES, node('has-one', '10.244.0.0/24'));
  await fixture.client.create(NODES, node('n1'));
  await fixture.client.create(NODES, node('n2'));
  const first = startController();
  const assigned = await waitFor(async () => {
    const [a, b] = [await podCidrOf('n1'), await podCidrOf('n2')];
    return a && b ? [a, b] : undefined;
  });
  t.deepEqual(assigned.sort(), ['10.244.1.0/24', '10.244.2.0/24']);
  t.is(await podCidrOf('has-one'), '10.244.0.0/24');
  await first.stop();

  await fixture.client.create(NODES, node('n3'));
  const second = startController();
  t.teardown(() => second.stop());
  t.is(await waitFor(() => podCidrOf('n3')), '10.244.3.0/24');
  const got = await fixture.client.get<Node & KubeObject>({ ...NODES, name: 'n3' });
  t.deepEqual(got.spec?.podCIDRs, ['10.244.3.0/24']);
});
