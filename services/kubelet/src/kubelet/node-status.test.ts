import test from 'ava';
import { buildRealNode, nodeAddress, type NodeFacts } from './node-status.js';

const facts: NodeFacts = {
  name: 'n1',
  address: '10.244.0.1',
  capacity: { cpu: '4', memory: '8Gi', pods: '110' },
  labels: { role: 'worker' },
  taints: [],
  machineID: 'm',
  systemUUID: 'u',
  bootID: 'b',
  kernelVersion: '6.1.0',
  osImage: 'Debian',
  containerRuntimeVersion: 'docker://27.0.0',
};

test('the node address is the cluster network gateway: the first address of the cluster CIDR', (t) => {
  t.is(nodeAddress('10.244.0.0/16'), '10.244.0.1');
  t.is(nodeAddress('10.217.0.0/16'), '10.217.0.1');
});

test('a node not ready says why in its Ready condition; the rest is the machine and the kubelet', (t) => {
  const node = buildRealNode(facts, { ready: false, message: 'container runtime is down' }, '2026-12-02T14:00:00Z');
  t.like(node.status!.conditions![3], { type: 'Ready', status: 'False', reason: 'KubeletNotReady', message: 'container runtime is down' });
  t.like(node.metadata!.labels, { 'kubernetes.io/hostname': 'n1', role: 'worker' });
  t.like(node.status!.nodeInfo, { kubeletVersion: 'v1.32.0-kubeling', containerRuntimeVersion: 'docker://27.0.0', kubeProxyVersion: '', operatingSystem: 'linux' });
  t.deepEqual(node.status!.daemonEndpoints, { kubeletEndpoint: { Port: 10250 } });
  t.deepEqual(node.spec, {});
});
