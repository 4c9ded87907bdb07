import test from 'ava';
import type { ContainerPort } from 'kubernetes-types/core/v1.js';
import { Snapshot } from '../framework/snapshot.js';
import { runFilter } from '../framework/testing/run-plugin.js';
import { makeContainer, makeNode, makePod } from '../framework/testing/objects.js';
import { ERR_REASON_NODE_PORTS, fitsPorts, NodePortsPlugin, wantedHostPorts } from './node-ports.js';

const withPorts = (name: string, ports: ContainerPort[], nodeName?: string) => makePod(name, { nodeName, spec: { containers: [makeContainer('app', undefined, { ports })] } });

const snapshot = Snapshot.fromNodesAndPods(
  [makeNode('n1'), makeNode('n2')],
  [withPorts('dns', [{ containerPort: 53, hostPort: 53, protocol: 'UDP' }], 'n1'), withPorts('web', [{ containerPort: 80, hostPort: 8080, hostIP: '10.0.0.1' }], 'n1')],
);

function fitsOn(ports: ContainerPort[]): Record<string, string> {
  const statuses = runFilter(new NodePortsPlugin(), withPorts('new', ports), snapshot);
  return Object.fromEntries([...statuses].map(([node, status]) => [node, status.code]));
}

test('a host port already taken with the same protocol does not fit', (t) => {
  t.deepEqual(fitsOn([{ containerPort: 53, hostPort: 53, protocol: 'UDP' }]), { n1: 'Unschedulable', n2: 'Success' });
  t.deepEqual(fitsOn([{ containerPort: 53, hostPort: 53, protocol: 'TCP' }]), { n1: 'Success', n2: 'Success' });
});

test('a wildcard address clashes with a port bound on a specific address, and the reverse', (t) => {
  t.deepEqual(fitsOn([{ containerPort: 80, hostPort: 8080 }]), { n1: 'Unschedulable', n2: 'Success' });
  t.deepEqual(fitsOn([{ containerPort: 80, hostPort: 8080, hostIP: '0.0.0.0' }]), { n1: 'Unschedulable', n2: 'Success' });
  t.deepEqual(fitsOn([{ containerPort: 80, hostPort: 8080, hostIP: '10.0.0.2' }]), { n1: 'Success', n2: 'Success' });
  t.deepEqual(fitsOn([{ containerPort: 53, hostPort: 53, protocol: 'UDP', hostIP: '10.0.0.9' }]), { n1: 'Unschedulable', n2: 'Success' });
});

test('the reason is worded as Kubernetes words it; pods without host ports skip the plugin', (t) => {
  const status = runFilter(new NodePortsPlugin(), withPorts('new', [{ containerPort: 53, hostPort: 53, protocol: 'UDP' }]), snapshot).get('n1');
  t.deepEqual(status?.reasons, [ERR_REASON_NODE_PORTS]);
  t.true(runFilter(new NodePortsPlugin(), withPorts('new', [{ containerPort: 53 }]), snapshot).get('n1')?.isSkip());
});

test('fitsPorts is the pure check over the host ports a pod wants', (t) => {
  const used = snapshot.get('n1')!.usedPorts;
  const wanted = wantedHostPorts(withPorts('new', [{ containerPort: 80 }, { containerPort: 53, hostPort: 53, protocol: 'UDP' }]));
  t.deepEqual(wanted, [{ containerPort: 53, hostPort: 53, protocol: 'UDP' }], 'container ports without a host port are not wanted on the host');
  t.false(fitsPorts(wanted, used));
  t.true(fitsPorts(wanted, snapshot.get('n2')!.usedPorts));
});
