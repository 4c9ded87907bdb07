import test from 'ava';
import { FlagError } from '@kubeling/component-base';
import { parseKubeletFlags } from './flags.js';

test('defaults: the dockershim in-process on <root-dir>/dockershim.sock, the cluster network and CIDR', (t) => {
  const flags = parseKubeletFlags(['--kubeconfig', '/k', '--root-dir', '/r', '--hostname-override', 'Node-A']);
  t.like(flags, {
    kubeconfig: '/k',
    nodeName: 'node-a',
    rootDir: '/r',
    containerRuntimeEndpoint: 'unix:///r/dockershim.sock',
    inProcessRuntime: true,
    clusterName: 'kubeling',
    dockerNetwork: 'kubeling-kubeling',
    clusterCidr: '10.244.0.0/16',
    maxPods: 110,
    nodeStatusUpdateFrequencyMs: 10_000,
    podCidr: undefined,
  });
});

test('flags override, another runtime endpoint is not served in-process', (t) => {
  const flags = parseKubeletFlags([
    '--kubeconfig=/k',
    '--container-runtime-endpoint=unix:///run/other.sock',
    '--cluster-name=c1',
    '--pod-cidr=10.200.1.0/24',
    '--node-labels=a=b,c=d',
    '--register-with-taints=k=v:NoSchedule',
    '--capacity-cpu=2',
    '--capacity-memory=1Gi',
    '--node-status-update-frequency=2s',
  ]);
  t.like(flags, { inProcessRuntime: false, dockerNetwork: 'kubeling-c1', podCidr: '10.200.1.0/24', capacityCpu: '2', capacityMemory: '1Gi', nodeStatusUpdateFrequencyMs: 2000 });
  t.deepEqual(flags.nodeLabels, { a: 'b', c: 'd' });
  t.deepEqual(flags.registerWithTaints, [{ key: 'k', value: 'v', effect: 'NoSchedule' }]);
});

test('bad values are refused naming the flag', (t) => {
  const fails = (args: string[], message: RegExp) => t.throws(() => parseKubeletFlags(['--kubeconfig', '/k', ...args]), { instanceOf: FlagError, message });
  fails(['--pod-cidr', '10.0.0.0'], /--pod-cidr/);
  fails(['--container-runtime-endpoint', 'tcp://x:1'], /--container-runtime-endpoint/);
  fails(['--capacity-memory', 'lots'], /--capacity-memory/);
  fails(['--node-status-update-frequency', '0'], /--node-status-update-frequency/);
  t.throws(() => parseKubeletFlags([]), { instanceOf: FlagError, message: /--kubeconfig/ });
});
