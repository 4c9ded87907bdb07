import test from 'ava';
import { nodeConditions } from '../node/node-conditions.js';
import { buildNode, nodeLabels, ZONE_LABEL, type NodeTemplate } from './node-object.js';

const template: NodeTemplate = {
  capacity: { cpu: '4', memory: '8Gi', pods: '110' },
  labels: { 'node-role.kubernetes.io/hollow': '' },
  zones: 3,
  taints: [{ key: 'hollow', value: 'true', effect: 'NoSchedule' }],
  kubeletVersion: 'v1.32.0-kubeling-hollow',
  bootID: 'boot-1',
};
const NOW = '2026-12-02T14:00:00Z';

test('labels: the kubelet own, a zone round-robin by index, then the extra ones', (t) => {
  t.deepEqual(nodeLabels('hollow-node-4', 4, template), {
    'kubernetes.io/hostname': 'hollow-node-4',
    'kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    [ZONE_LABEL]: 'zone-1',
    'node-role.kubernetes.io/hollow': '',
  });
  t.deepEqual(
    [0, 1, 2, 3].map((i) => nodeLabels(`n${i}`, i, template)[ZONE_LABEL]),
    ['zone-0', 'zone-1', 'zone-2', 'zone-0'],
  );
  t.false(ZONE_LABEL in nodeLabels('n', 0, { ...template, zones: 0 }));
});

test('a registered node is Ready with the kubelet reasons, capacity as allocatable, and 127.0.0.1 as its address', (t) => {
  const node = buildNode('hollow-node-0', 0, template, NOW);
  t.like(node, { apiVersion: 'v1', kind: 'Node', metadata: { name: 'hollow-node-0' }, spec: { taints: template.taints } });
  const status = node.status!;
  t.deepEqual(status.capacity, template.capacity);
  t.deepEqual(status.allocatable, template.capacity);
  t.deepEqual(
    status.conditions!.map((c) => [c.type, c.status, c.reason]),
    [
      ['MemoryPressure', 'False', 'KubeletHasSufficientMemory'],
      ['DiskPressure', 'False', 'KubeletHasNoDiskPressure'],
      ['PIDPressure', 'False', 'KubeletHasSufficientPID'],
      ['Ready', 'True', 'KubeletReady'],
    ],
  );
  t.like(status.conditions![3], { message: 'kubelet is posting ready status', lastHeartbeatTime: NOW, lastTransitionTime: NOW });
  t.deepEqual(status.addresses, [
    { type: 'InternalIP', address: '127.0.0.1' },
    { type: 'Hostname', address: 'hollow-node-0' },
  ]);
  t.like(status.nodeInfo, { kubeletVersion: 'v1.32.0-kubeling-hollow', bootID: 'boot-1', operatingSystem: 'linux', architecture: 'amd64' });
  t.regex(status.nodeInfo!.systemUUID, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  t.is(buildNode('hollow-node-0', 0, template, NOW).status!.nodeInfo!.machineID, status.nodeInfo!.machineID, 'the same machine for the same name');
  t.not(buildNode('hollow-node-1', 1, template, NOW).status!.nodeInfo!.machineID, status.nodeInfo!.machineID);
  t.deepEqual(buildNode('n', 0, { ...template, taints: [] }, NOW).spec, {});
});

test('heartbeat conditions carry no transition time, so a strategic merge keeps the stored one', (t) => {
  for (const condition of nodeConditions(NOW)) {
    t.is(condition.lastHeartbeatTime, NOW);
    t.false('lastTransitionTime' in condition);
  }
});
