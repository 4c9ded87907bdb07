import test from 'ava';
import type { Node } from 'kubernetes-types/core/v1.js';
import { nodePrinter } from './nodes.js';

const now = new Date('2026-11-24T12:00:00Z');

function node(overrides: Partial<Node> = {}, ready: 'True' | 'False' | 'Unknown' | null = 'True'): Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: 'node-1', creationTimestamp: '2026-11-14T12:00:00Z', labels: { 'kubernetes.io/hostname': 'node-1' } },
    status: {
      conditions: ready ? [{ type: 'MemoryPressure', status: 'False' }, { type: 'Ready', status: ready }] : [],
      addresses: [{ type: 'Hostname', address: 'node-1' }, { type: 'InternalIP', address: '172.18.0.2' }],
      nodeInfo: {
        kubeletVersion: 'v1.32.0',
        osImage: 'Debian GNU/Linux 12 (bookworm)',
        kernelVersion: '6.1.0-18-amd64',
        containerRuntimeVersion: 'docker://24.0.7',
        architecture: 'amd64',
        bootID: '',
        kubeProxyVersion: '',
        machineID: '',
        operatingSystem: 'linux',
        systemUUID: '',
      },
    },
    ...overrides,
  };
}

test('columns: NAME STATUS ROLES AGE VERSION, wide INTERNAL-IP EXTERNAL-IP OS-IMAGE KERNEL-VERSION CONTAINER-RUNTIME', (t) => {
  t.deepEqual(
    nodePrinter.columns.map((c) => [c.name, c.priority]),
    [['Name', 0], ['Status', 0], ['Roles', 0], ['Age', 0], ['Version', 0], ['Internal-IP', 1], ['External-IP', 1], ['OS-Image', 1], ['Kernel-Version', 1], ['Container-Runtime', 1]],
  );
});

test('a ready worker node', (t) => {
  t.deepEqual(nodePrinter.cells(node(), now), [
    'node-1',
    'Ready',
    '<none>',
    '10d',
    'v1.32.0',
    '172.18.0.2',
    '<none>',
    'Debian GNU/Linux 12 (bookworm)',
    '6.1.0-18-amd64',
    'docker://24.0.7',
  ]);
});

test('status: NotReady, Unknown without a Ready condition, SchedulingDisabled when cordoned', (t) => {
  t.is(nodePrinter.cells(node({}, 'False'), now)[1], 'NotReady');
  t.is(nodePrinter.cells(node({}, 'Unknown'), now)[1], 'NotReady');
  t.is(nodePrinter.cells(node({}, null), now)[1], 'Unknown');
  t.is(nodePrinter.cells(node({ spec: { unschedulable: true } }), now)[1], 'Ready,SchedulingDisabled');
  t.is(nodePrinter.cells(node({ spec: { unschedulable: true } }, 'False'), now)[1], 'NotReady,SchedulingDisabled');
});

test('roles from node-role.kubernetes.io/* and kubernetes.io/role labels, sorted and distinct', (t) => {
  const labels = { 'node-role.kubernetes.io/control-plane': '', 'node-role.kubernetes.io/etcd': 'true', 'kubernetes.io/role': 'control-plane', 'node-role.kubernetes.io/': '' };
  const roles = nodePrinter.cells(node({ metadata: { name: 'cp', labels } }), now)[2];
  t.is(roles, 'control-plane,etcd');
});

test('a node that has not reported yet', (t) => {
  const bare: Node = { metadata: { name: 'node-2', creationTimestamp: '2026-11-24T11:59:30Z' } };
  t.deepEqual(nodePrinter.cells(bare, now), ['node-2', 'Unknown', '<none>', '30s', '', '<none>', '<none>', '<unknown>', '<unknown>', '<unknown>']);
});
