import test from 'ava';
import { CriError } from './errors.js';
import { containerConfig, linuxResources, podSandboxConfig } from '../cri/messages.js';
import { absoluteLogPath, containerCreateOptions, validateContainerConfig } from './container-spec.js';
import { fromDockerLabels } from './labels.js';
import { sandboxCreateOptions, validateSandboxConfig } from './sandbox-spec.js';

const placement = {
  clusterName: 'c1',
  nodeName: 'n1',
  sandboxId: 'sb1',
  sandboxLabels: { 'io.kubernetes.pod.name': 'web', 'io.kubernetes.pod.namespace': 'default', 'io.kubernetes.pod.uid': 'u1' },
  logDirectory: '/logs/default_web_u1',
  createdAt: 5n,
};

function options(input: Parameters<typeof containerConfig>[0]) {
  const config = containerConfig(input);
  validateContainerConfig(config);
  return containerCreateOptions(config, placement);
}

test('a container joins the sandbox network and IPC namespaces, with command, args, env and user', (t) => {
  const o = options({
    metadata: { name: 'app', attempt: 2 },
    image: 'kubeling/busybox:1',
    command: ['sh'],
    args: ['-c', 'true'],
    workingDir: '/w',
    envs: [{ key: 'A', value: '1' }],
    linux: { resources: undefined, securityContext: { runAsUser: { value: 1000n }, runAsGroup: { value: 3n }, runAsUsername: '', privileged: false, namespaceOptions: undefined, readonlyRootfs: false, supplementalGroups: [] } },
  });
  t.like(o, { name: 'k8s_app_web_default_u1_2', Image: 'kubeling/busybox:1', Entrypoint: ['sh'], Cmd: ['-c', 'true'], WorkingDir: '/w', Env: ['A=1'], User: '1000:3' });
  t.like(o.HostConfig, { NetworkMode: 'container:sb1', IpcMode: 'container:sb1' });
});

test('no command keeps the image entrypoint and cmd', (t) => {
  const o = options({ metadata: { name: 'app' }, image: 'img' });
  t.is(o.Entrypoint, undefined);
  t.is(o.Cmd, undefined);
});

test('bind mounts, tmpfs mounts and limits map to Docker host config', (t) => {
  const o = options({
    metadata: { name: 'app' },
    image: 'img',
    mounts: [
      { containerPath: '/data', hostPath: '/var/lib/x', readonly: true },
      { containerPath: '/cache', tmpfs: true, tmpfsSizeBytes: 1024n },
    ],
    linux: { resources: linuxResources({ memoryLimitInBytes: 64n << 20n, cpuQuota: 20_000n, cpuPeriod: 100_000n, cpuShares: 204n }), securityContext: undefined },
  });
  t.like(o.HostConfig, {
    Binds: ['/var/lib/x:/data:ro'],
    Tmpfs: { '/cache': 'rw,size=1024' },
    Memory: 64 << 20,
    MemorySwap: 64 << 20,
    CpuQuota: 20_000,
    CpuPeriod: 100_000,
    CpuShares: 204,
  });
});

test('labels: CRI labels kept, annotations prefixed, pod identity and runtime labels added and hidden again', (t) => {
  const o = options({ metadata: { name: 'app' }, image: 'img', labels: { app: 'web' }, annotations: { note: 'x' }, logPath: 'app/0.log' });
  t.like(o.Labels, {
    app: 'web',
    'annotation.note': 'x',
    'io.kubernetes.container.name': 'app',
    'io.kubernetes.pod.uid': 'u1',
    'io.kubernetes.docker.type': 'container',
    'io.kubernetes.sandbox.id': 'sb1',
    'io.kubeling.cluster': 'c1',
    'io.kubeling.node': 'n1',
    'io.kubernetes.container.logpath': '/logs/default_web_u1/app/0.log',
  });
  const back = fromDockerLabels(o.Labels);
  t.deepEqual(back.annotations, { note: 'x' });
  t.is(back.labels.app, 'web');
  t.false('io.kubernetes.sandbox.id' in back.labels);
  t.false('io.kubeling.cluster' in back.labels);
  t.false('io.kubeling.node' in back.labels);
});

test('bad container configs are InvalidArgument', (t) => {
  const bad = [
    containerConfig({ metadata: { name: '' }, image: 'img' }),
    containerConfig({ metadata: { name: 'a' }, image: '' }),
    containerConfig({ metadata: { name: 'a' }, image: 'img', mounts: [{ containerPath: 'rel', hostPath: '/x' }] }),
    containerConfig({ metadata: { name: 'a' }, image: 'img', mounts: [{ containerPath: '/x', hostPath: '' }] }),
    containerConfig({ metadata: { name: 'a' }, image: 'img', mounts: [{ containerPath: '/x', hostPath: '/y', tmpfs: true }] }),
  ];
  for (const config of bad) t.throws(() => validateContainerConfig(config), { instanceOf: CriError });
  t.throws(() => validateContainerConfig(undefined), { instanceOf: CriError });
});

test('log paths are relative to the sandbox log directory', (t) => {
  const c = containerConfig({ metadata: { name: 'a' }, image: 'img', logPath: 'a/1.log' });
  t.is(absoluteLogPath(c, '/logs/p'), '/logs/p/a/1.log');
  t.is(absoluteLogPath(c, ''), '');
  t.is(absoluteLogPath(containerConfig({ metadata: { name: 'a' }, image: 'img' }), '/logs/p'), '');
});

test('a sandbox is the pause image on the cluster network at its IP, with hostname, DNS and host ports', (t) => {
  const config = podSandboxConfig({
    metadata: { name: 'web', namespace: 'default', uid: 'u1', attempt: 1 },
    hostname: 'web',
    dnsConfig: { servers: ['10.96.0.10'], searches: ['default.svc.cluster.local'], options: ['ndots:5'] },
    portMappings: [
      { protocol: 0, containerPort: 80, hostPort: 8080, hostIp: '' },
      { protocol: 1, containerPort: 53, hostPort: 0, hostIp: '' },
    ],
  });
  validateSandboxConfig(config);
  const o = sandboxCreateOptions(config, { clusterName: 'c1', nodeName: 'n1', network: 'net', ip: '10.1.2.3', createdAt: 7n });
  t.like(o, { name: 'k8s_POD_web_default_u1_1', Image: 'kubeling/pause:1', Hostname: 'web' });
  t.like(o.Labels, { 'io.kubernetes.docker.type': 'podsandbox', 'io.kubeling.node': 'n1', 'io.kubeling.pod-ip': '10.1.2.3', 'io.kubernetes.pod.name': 'web', 'io.kubeling.created-at': '7' });
  t.like(o.HostConfig, { NetworkMode: 'net', IpcMode: 'shareable', Dns: ['10.96.0.10'], DnsSearch: ['default.svc.cluster.local'], DnsOptions: ['ndots:5'] });
  t.deepEqual(o.HostConfig!.PortBindings, { '80/tcp': [{ HostIp: '', HostPort: '8080' }] });
  t.deepEqual(o.NetworkingConfig, { EndpointsConfig: { net: { IPAMConfig: { IPv4Address: '10.1.2.3' } } } });
  t.throws(() => validateSandboxConfig(podSandboxConfig({ metadata: { name: 'x', namespace: '', uid: 'u' } })), { instanceOf: CriError });
});
