import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import type { Container } from 'kubernetes-types/core/v1.js';
import { NamespaceMode } from '@kubeling/proto/cri';
import { buildContainerConfig, type ContainerContext } from './container-config.js';
import { CreateContainerConfigError } from './errors.js';
import { hashContainer } from './runtime-labels.js';
import { FakeObjects, makePod } from './test-support.js';
import { hostMount } from './volumes/mounts.js';

function context(overrides: Partial<ContainerContext> = {}): ContainerContext {
  const env = new FakeObjects();
  env.setConfigMap('ns', 'cfg', { GREETING: 'hello' });
  return { attempt: 3, podIP: '10.244.1.7', hostIP: '192.168.0.2', nodeName: 'node-1', mounts: [], logPath: 'app/3.log', env, ...overrides };
}

const build = (container: Partial<Container>, ctx = context(), spec = {}) => {
  const pod = makePod({ terminationGracePeriodSeconds: 30, ...spec }, container);
  return buildContainerConfig(pod, pod.spec!.containers[0], ctx);
};

test('command and args expand $(VAR) with the final environment', async (t) => {
  const config = await build({
    command: ['sh', '-c', 'echo $(MSG) $$(MSG) $(NOPE)'],
    args: ['$(IP)'],
    env: [
      { name: 'G', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'GREETING' } } },
      { name: 'MSG', value: '$(G) world' },
      { name: 'IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
    ],
  });
  t.deepEqual(config.command, ['sh', '-c', 'echo hello world $(MSG) $(NOPE)']);
  t.deepEqual(config.args, ['10.244.1.7']);
  t.deepEqual(config.envs, [
    { key: 'G', value: 'hello' },
    { key: 'MSG', value: 'hello world' },
    { key: 'IP', value: '10.244.1.7' },
  ]);
});

test('metadata, image, log path, labels, annotations, tty and stdin, working dir', async (t) => {
  const container: Partial<Container> = {
    workingDir: '/work',
    tty: true,
    stdin: true,
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    ports: [{ containerPort: 80, protocol: 'TCP' }],
    lifecycle: { preStop: { exec: { command: ['sleep', '1'] } } },
  };
  const config = await build(container, context({ imageRef: 'sha256:abc' }));
  t.deepEqual(config.metadata, { name: 'app', attempt: 3 });
  t.deepEqual(config.image, { image: 'sha256:abc', annotations: {}, userSpecifiedImage: 'kubeling/busybox:1' });
  t.is(config.logPath, 'app/3.log');
  t.is(config.workingDir, '/work');
  t.true(config.tty && config.stdin);
  t.false(config.stdinOnce);
  t.deepEqual(config.labels, { 'io.kubernetes.pod.name': 'web', 'io.kubernetes.pod.namespace': 'ns', 'io.kubernetes.pod.uid': 'uid-1', 'io.kubernetes.container.name': 'app' });
  t.deepEqual(config.annotations, {
    'io.kubernetes.container.hash': hashContainer({ name: 'app', image: 'kubeling/busybox:1' }),
    'io.kubernetes.container.restartCount': '3',
    'io.kubernetes.container.terminationMessagePath': '/dev/termination-log',
    'io.kubernetes.container.terminationMessagePolicy': 'File',
    'io.kubernetes.pod.terminationGracePeriod': '30',
    'io.kubernetes.container.preStopHandler': '{"exec":{"command":["sleep","1"]}}',
    'io.kubernetes.container.ports': '[{"containerPort":80,"protocol":"TCP"}]',
  });
});

test('container hash changes with the image only', (t) => {
  t.is(hashContainer({ name: 'a', image: 'x', args: ['1'] }), hashContainer({ name: 'a', image: 'x' }));
  t.not(hashContainer({ name: 'a', image: 'x' }), hashContainer({ name: 'a', image: 'y' }));
  t.regex(hashContainer({ name: 'a', image: 'x' }), /^[0-9a-f]{1,8}$/);
});

test('resources and security context', async (t) => {
  const config = await build(
    { resources: { requests: { cpu: '100m' }, limits: { cpu: '200m', memory: '32Mi' } }, securityContext: { runAsUser: 1001, readOnlyRootFilesystem: true } },
    context(),
    { securityContext: { runAsUser: 1000, runAsGroup: 500, fsGroup: 7 } },
  );
  t.like(config.linux!.resources, { cpuShares: 102n, cpuQuota: 20_000n, cpuPeriod: 100_000n, memoryLimitInBytes: 33_554_432n });
  t.deepEqual(config.linux!.securityContext, {
    privileged: false,
    namespaceOptions: { network: NamespaceMode.POD, pid: NamespaceMode.CONTAINER, ipc: NamespaceMode.POD, targetId: '' },
    runAsUser: { value: 1001n },
    runAsUsername: '',
    readonlyRootfs: true,
    supplementalGroups: [7n],
    runAsGroup: { value: 500n },
  });
});

test('runAsNonRoot with uid 0 is a config error', async (t) => {
  const error = await t.throwsAsync(build({ securityContext: { runAsUser: 0 } }, context(), { securityContext: { runAsNonRoot: true } }), { instanceOf: CreateContainerConfigError });
  t.is(error.message, 'container\'s runAsUser breaks non-root policy (pod: "web_ns(uid-1)", container: app)');
});

test('missing references are CreateContainerConfigError with the kubelet message', async (t) => {
  const error = await t.throwsAsync(build({ env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'gone', key: 'k' } } }] }), { instanceOf: CreateContainerConfigError });
  t.is(error.message, 'configmap "gone" not found');
  t.is(error.reason, 'CreateContainerConfigError');
  const fieldError = await t.throwsAsync(build({ env: [{ name: 'X', valueFrom: { fieldRef: { fieldPath: 'spec.bogus' } } }] }), { instanceOf: CreateContainerConfigError });
  t.is(fieldError.message, 'field label not supported: spec.bogus');
});

test('mounts are passed through and the termination message file is created and mounted', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'kubeling-pod-config-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const volumeMount = hostMount({ hostPath: '/data', containerPath: '/mnt', readonly: true, selinuxRelabel: false });
  const podContainerDir = join(dir, 'pods', 'uid-1', 'containers', 'app');
  const config = await build({ terminationMessagePath: '/dev/termination-log' }, context({ mounts: [volumeMount], podContainerDir }));
  t.is(config.mounts.length, 2);
  t.deepEqual(config.mounts[0], volumeMount);
  const [file] = await readdir(podContainerDir);
  t.like(config.mounts[1], { hostPath: join(podContainerDir, file), containerPath: '/dev/termination-log', readonly: false, tmpfs: false });
  t.is((await stat(join(podContainerDir, file))).mode & 0o777, 0o666);
  const without = await build({ terminationMessagePath: '/dev/termination-log' }, context({ mounts: [volumeMount] }));
  t.deepEqual(without.mounts, [volumeMount]);
});
