import test from 'ava';
import { NamespaceMode, Protocol } from '@kubeling/proto/cri';
import { buildSandboxConfig, podHostname } from './sandbox-config.js';
import { makePod } from './test-support.js';

test('identity, labels, annotations, hostname and log directory', (t) => {
  const config = buildSandboxConfig(makePod(), { logDirectory: '/root/logs/ns_web_uid-1', attempt: 2 });
  t.deepEqual(config.metadata, { name: 'web', namespace: 'ns', uid: 'uid-1', attempt: 2 });
  t.is(config.hostname, 'web');
  t.is(config.logDirectory, '/root/logs/ns_web_uid-1');
  t.deepEqual(config.labels, { app: 'web', 'io.kubernetes.pod.name': 'web', 'io.kubernetes.pod.namespace': 'ns', 'io.kubernetes.pod.uid': 'uid-1' });
  t.deepEqual(config.annotations, { note: 'hi' });
  t.deepEqual(config.portMappings, []);
});

test('hostname: spec.hostname, truncation, the override, host network', (t) => {
  t.is(buildSandboxConfig(makePod({ hostname: 'custom' }), { logDirectory: '/l' }).hostname, 'custom');
  t.is(buildSandboxConfig(makePod(), { logDirectory: '/l', hostname: 'over' }).hostname, 'over');
  t.is(buildSandboxConfig(makePod({ hostNetwork: true }), { logDirectory: '/l' }).hostname, '');
  const long = makePod();
  long.metadata!.name = `${'a'.repeat(62)}-bcd`;
  t.is(podHostname(long), 'a'.repeat(62));
});

test('port mappings of all containers, duplicates dropped', (t) => {
  const pod = makePod({
    containers: [
      { name: 'a', ports: [{ containerPort: 80, hostPort: 8080 }, { containerPort: 80, hostPort: 8080 }, { name: 'dns', containerPort: 53, protocol: 'UDP' }] },
      { name: 'b', ports: [{ containerPort: 9090, hostPort: 9090, hostIP: '127.0.0.1', protocol: 'SCTP' }] },
    ],
  });
  t.deepEqual(buildSandboxConfig(pod, { logDirectory: '/l' }).portMappings, [
    { protocol: Protocol.TCP, containerPort: 80, hostPort: 8080, hostIp: '' },
    { protocol: Protocol.UDP, containerPort: 53, hostPort: 0, hostIp: '' },
    { protocol: Protocol.SCTP, containerPort: 9090, hostPort: 9090, hostIp: '127.0.0.1' },
  ]);
});

test('linux security basics', (t) => {
  const pod = makePod({
    hostIPC: true,
    shareProcessNamespace: true,
    securityContext: { runAsUser: 1000, runAsGroup: 3000, fsGroup: 2000, supplementalGroups: [4000], sysctls: [{ name: 'net.core.somaxconn', value: '1024' }] },
    initContainers: [{ name: 'init', securityContext: { privileged: true } }],
  });
  const linux = buildSandboxConfig(pod, { logDirectory: '/l' }).linux!;
  t.deepEqual(linux.sysctls, { 'net.core.somaxconn': '1024' });
  t.deepEqual(linux.securityContext, {
    namespaceOptions: { network: NamespaceMode.POD, pid: NamespaceMode.POD, ipc: NamespaceMode.NODE, targetId: '' },
    runAsUser: { value: 1000n },
    runAsGroup: { value: 3000n },
    readonlyRootfs: false,
    supplementalGroups: [2000n, 4000n],
    privileged: true,
  });
  const plain = buildSandboxConfig(makePod(), { logDirectory: '/l' }).linux!.securityContext!;
  t.is(plain.namespaceOptions!.pid, NamespaceMode.CONTAINER);
  t.is(plain.runAsUser, undefined);
  t.false(plain.privileged);
});
