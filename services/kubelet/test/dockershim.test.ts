// The dockershim against the real Docker engine, driven only through the CRI gRPC client.
import test from 'ava';
import { execFile } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { status as GrpcCode } from '@grpc/grpc-js';
import Docker from 'dockerode';
import { destination, pino } from 'pino';
import { ensureImages } from '@kubeling/images';
import { waitFor } from '@kubeling/testing';
import { ContainerState, PodSandboxState, type ContainerLogsResponse } from '@kubeling/proto/cri';
import { RuntimeClient } from '../src/cri/runtime-client.js';
import { RuntimeCallError } from '../src/cri/runtime-error.js';
import { containerConfig, linuxResources, podSandboxConfig, type ContainerConfigInput } from '../src/cri/messages.js';
import { startDockershim, type Dockershim } from '../src/dockershim/index.js';

const run = promisify(execFile);
const BUSYBOX = 'kubeling/busybox:1';

// Own cluster name, network and subnet (10.200-254.0.0/16 by the file name's hash).
const hash = createHash('sha256').update('services/kubelet/test/dockershim.test.ts').digest();
const OCTET = 200 + (hash[0]! % 55);
const CLUSTER = `dockershim-test-${hash.toString('hex').slice(0, 8)}`;
const NETWORK = `kubeling-${CLUSTER}`;
const SUBNET = `10.${OCTET}.0.0/16`;
/** This "node's" pod CIDR; tests that need their own range use other /24s (other nodes). */
const POD_CIDR = `10.${OCTET}.1.0/24`;

const log = pino({ level: process.env.DOCKERSHIM_LOG ?? 'warn' }, destination(2));
let dir: string;
const shims: Dockershim[] = [];
const clients: RuntimeClient[] = [];
let cri: RuntimeClient;

async function startShim(name: string, podCidr: string, docker?: Docker, nodeName?: string): Promise<{ shim: Dockershim; client: RuntimeClient; socket: string }> {
  const socket = join(dir, `${name}.sock`);
  const shim = await startDockershim({ socketPath: socket, clusterName: CLUSTER, nodeName, network: NETWORK, networkSubnet: SUBNET, logger: log, docker });
  shims.push(shim);
  const client = RuntimeClient.connect(`unix://${socket}`, { timeoutMs: 60_000 });
  clients.push(client);
  if (podCidr) await client.updateRuntimeConfig({ runtimeConfig: { networkConfig: { podCidr } } });
  return { shim, client, socket };
}

test.before(async () => {
  await ensureImages();
  dir = await mkdtemp(join(tmpdir(), 'dockershim-test-'));
  cri = (await startShim('main', POD_CIDR)).client;
});

test.after.always(async () => {
  for (const c of clients) c.close();
  for (const s of shims) await s.stop().catch(() => undefined);
  const { stdout } = await run('docker', ['ps', '-aq', '--filter', `label=io.kubeling.cluster=${CLUSTER}`]).catch(() => ({ stdout: '' }));
  const ids = stdout.split('\n').filter(Boolean);
  if (ids.length) await run('docker', ['rm', '-f', ...ids]).catch(() => undefined);
  await run('docker', ['network', 'rm', NETWORK]).catch(() => undefined);
  if (dir) await rm(dir, { recursive: true, force: true });
});

interface Pod {
  uid: string;
  name: string;
  logDirectory: string;
  sandboxId: string;
  config: ReturnType<typeof podSandboxConfig>;
}

async function runPod(client: RuntimeClient, name: string): Promise<Pod> {
  const uid = randomUUID();
  const logDirectory = join(dir, 'logs', `default_${name}_${uid}`);
  const config = podSandboxConfig({ metadata: { name, namespace: 'default', uid }, hostname: name, logDirectory, labels: { app: name }, annotations: { 'example.com/note': 'kept' } });
  const { podSandboxId } = await client.runPodSandbox({ config, runtimeHandler: '' });
  return { uid, name, logDirectory, sandboxId: podSandboxId, config };
}

async function startContainer(client: RuntimeClient, pod: Pod, input: Omit<ContainerConfigInput, 'image'> & { image?: string }): Promise<string> {
  const config = containerConfig({ image: BUSYBOX, logPath: `${input.metadata.name}/0.log`, ...input });
  const { containerId } = await client.createContainer({ podSandboxId: pod.sandboxId, config, sandboxConfig: pod.config });
  await client.startContainer({ containerId });
  return containerId;
}

const podIp = async (client: RuntimeClient, pod: Pod) => (await client.podSandboxStatus({ podSandboxId: pod.sandboxId, verbose: false })).status!.network!.ip;
const containerStatus = async (client: RuntimeClient, id: string) => (await client.containerStatus({ containerId: id, verbose: false })).status!;
const inCidr = (ip: string, prefix: string) => ip.startsWith(prefix);

function tcpConnects(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 2_000 });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });
}

async function grpcCode(promise: Promise<unknown>): Promise<{ code: number; details: string }> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof RuntimeCallError) return { code: err.code, details: err.details };
    throw err;
  }
  throw new Error('call succeeded');
}

async function dockerPsByPodUid(uid: string): Promise<string[]> {
  const { stdout } = await run('docker', ['ps', '-aq', '--filter', `label=io.kubernetes.pod.uid=${uid}`]);
  return stdout.split('\n').filter(Boolean);
}

test('Version and Status: docker, RuntimeReady and NetworkReady', async (t) => {
  const v = await cri.version({ version: '0.1.0' });
  t.is(v.runtimeName, 'docker');
  t.regex(v.runtimeVersion, /^\d+\./);
  const { status } = await cri.status({ verbose: false });
  t.deepEqual(
    status!.conditions.map((c) => [c.type, c.status]),
    [
      ['RuntimeReady', true],
      ['NetworkReady', true],
    ],
  );
});

test('a sandbox gets an IP from the pod CIDR and serves a container port to the host', async (t) => {
  const pod = await runPod(cri, 'web');
  const status = (await cri.podSandboxStatus({ podSandboxId: pod.sandboxId, verbose: false })).status!;
  t.is(status.state, PodSandboxState.SANDBOX_READY);
  t.like(status.metadata, { name: 'web', namespace: 'default', uid: pod.uid });
  t.like(status.labels, { app: 'web' });
  t.deepEqual(status.annotations, { 'example.com/note': 'kept' });
  t.true(status.createdAt > 0n);
  const ip = status.network!.ip;
  t.true(inCidr(ip, `10.${OCTET}.1.`), ip);
  await startContainer(cri, pod, { metadata: { name: 'httpd' }, command: ['httpd', '-f', '-p', '8080'] });
  await waitFor(() => tcpConnects(ip, 8080), { timeoutMs: 60_000, intervalMs: 500, what: `TCP connect to ${ip}:8080` });
  t.pass();
});

test('two sandboxes never share an IP', async (t) => {
  const [a, b] = await Promise.all([runPod(cri, 'twin-a'), runPod(cri, 'twin-b')]);
  const [ipA, ipB] = await Promise.all([podIp(cri, a), podIp(cri, b)]);
  t.true(inCidr(ipA, `10.${OCTET}.1.`) && inCidr(ipB, `10.${OCTET}.1.`));
  t.not(ipA, ipB);
  const listed = await cri.listPodSandbox({ filter: { id: '', state: undefined, labelSelector: { app: 'twin-a' } } });
  t.deepEqual(
    listed.items.map((s) => s.id),
    [a.sandboxId],
  );
});

test('a container moves through created, running and exited with its exit code', async (t) => {
  const pod = await runPod(cri, 'lifecycle');
  const config = containerConfig({ metadata: { name: 'main' }, image: BUSYBOX, command: ['sh', '-c', 'sleep 2; exit 3'], annotations: { a: 'b' } });
  const { containerId } = await cri.createContainer({ podSandboxId: pod.sandboxId, config, sandboxConfig: pod.config });
  t.is((await containerStatus(cri, containerId)).state, ContainerState.CONTAINER_CREATED);
  await cri.startContainer({ containerId });
  const running = await containerStatus(cri, containerId);
  t.is(running.state, ContainerState.CONTAINER_RUNNING);
  t.true(running.startedAt >= running.createdAt);
  const exited = await waitFor(
    async () => {
      const s = await containerStatus(cri, containerId);
      return s.state === ContainerState.CONTAINER_EXITED ? s : undefined;
    },
    { timeoutMs: 60_000, intervalMs: 500, what: 'container exit' },
  );
  t.like(exited, { exitCode: 3, reason: 'Error', metadata: { name: 'main', attempt: 0 } });
  t.true(exited.finishedAt > exited.startedAt);
  t.deepEqual(exited.annotations, { a: 'b' });
  const list = await cri.listContainers({ filter: { id: '', state: { state: ContainerState.CONTAINER_EXITED }, podSandboxId: pod.sandboxId, labelSelector: {} } });
  t.deepEqual(
    list.containers.map((c) => c.id),
    [containerId],
  );
});

test('containers of a pod share localhost; ExecSync returns output and exit code', async (t) => {
  const pod = await runPod(cri, 'pair');
  await startContainer(cri, pod, { metadata: { name: 'server' }, command: ['sh', '-c', 'mkdir -p /www && echo hello-from-httpd > /www/index.html && exec httpd -f -p 8080 -h /www'] });
  const client = await startContainer(cri, pod, { metadata: { name: 'client' }, command: ['sleep', '3600'] });
  const fetched = await waitFor(
    async () => {
      const r = await cri.execSync({ containerId: client, cmd: ['wget', '-q', '-O', '-', 'http://127.0.0.1:8080/'], timeout: 10n });
      return r.exitCode === 0 ? r : undefined;
    },
    { timeoutMs: 60_000, intervalMs: 500, what: 'wget over localhost' },
  );
  t.is(fetched.stdout.toString(), 'hello-from-httpd\n');
  const r = await cri.execSync({ containerId: client, cmd: ['sh', '-c', 'echo out; echo err >&2; exit 7'], timeout: 10n });
  t.is(Buffer.from(r.stdout).toString(), 'out\n');
  t.is(Buffer.from(r.stderr).toString(), 'err\n');
  t.is(r.exitCode, 7);
  t.is((await grpcCode(cri.execSync({ containerId: client, cmd: ['sleep', '30'], timeout: 1n }))).code, GrpcCode.DEADLINE_EXCEEDED);
});

test('logs reach log_path in CRI format and stream through ContainerLogs', async (t) => {
  const pod = await runPod(cri, 'logger');
  const id = await startContainer(cri, pod, { metadata: { name: 'talker' }, command: ['sh', '-c', 'echo line-one; echo line-two >&2; sleep 1; echo line-three'] });
  const path = join(pod.logDirectory, 'talker/0.log');
  t.is((await containerStatus(cri, id)).logPath, path);
  const text = await waitFor(
    async () => {
      const s = await readFile(path, 'utf8').catch(() => '');
      return s.includes('line-three') ? s : undefined;
    },
    { timeoutMs: 60_000, intervalMs: 500, what: 'log file' },
  );
  const lines = text.trimEnd().split('\n');
  t.is(lines.length, 3);
  for (const line of lines) t.regex(line, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z (stdout|stderr) F line-/);
  t.true(lines.some((l) => / stderr F line-two$/.test(l)));
  t.true(lines.some((l) => / stdout F line-one$/.test(l)));
  const streamed: ContainerLogsResponse[] = [];
  for await (const line of cri.containerLogs({ containerId: id, follow: false, tailLines: 2n, sinceTime: 0n })) streamed.push(line);
  t.deepEqual(
    streamed.map((l) => Buffer.from(l.log).toString()),
    lines.slice(-2).map((l) => l.split(' ').slice(3).join(' ')),
  );
  // Following the log of an exited container ends once everything is sent.
  const followed: string[] = [];
  for await (const line of cri.containerLogs({ containerId: id, follow: true, tailLines: 0n, sinceTime: 0n })) followed.push(Buffer.from(line.log).toString());
  t.deepEqual(followed.sort(), ['line-one', 'line-three', 'line-two']);
});

test('StopPodSandbox then RemovePodSandbox leaves nothing behind; both are idempotent', async (t) => {
  const pod = await runPod(cri, 'doomed');
  const id = await startContainer(cri, pod, { metadata: { name: 'sleeper' }, command: ['sleep', '3600'] });
  await cri.stopPodSandbox({ podSandboxId: pod.sandboxId });
  t.is((await cri.podSandboxStatus({ podSandboxId: pod.sandboxId, verbose: false })).status!.state, PodSandboxState.SANDBOX_NOTREADY);
  t.is((await containerStatus(cri, id)).state, ContainerState.CONTAINER_EXITED);
  await cri.stopPodSandbox({ podSandboxId: pod.sandboxId });
  await cri.removePodSandbox({ podSandboxId: pod.sandboxId });
  t.deepEqual(await dockerPsByPodUid(pod.uid), []);
  await cri.removePodSandbox({ podSandboxId: pod.sandboxId });
  await cri.stopPodSandbox({ podSandboxId: 'no-such-sandbox' });
  await cri.removeContainer({ containerId: id });
  t.is((await grpcCode(cri.podSandboxStatus({ podSandboxId: pod.sandboxId, verbose: false }))).code, GrpcCode.NOT_FOUND);
  t.is((await grpcCode(cri.containerStatus({ containerId: 'no-such-container', verbose: false }))).code, GrpcCode.NOT_FOUND);
});

// The small ranges below belong to other "nodes" (other /24s of the cluster network).
test.serial('a removed sandbox frees its IP', async (t) => {
  const { client } = await startShim('free', `10.${OCTET}.20.0/30`);
  const a = await runPod(client, 'free-a');
  const b = await runPod(client, 'free-b');
  t.deepEqual([await podIp(client, a), await podIp(client, b)], [`10.${OCTET}.20.1`, `10.${OCTET}.20.2`]);
  t.is((await grpcCode(runPod(client, 'free-c'))).code, GrpcCode.RESOURCE_EXHAUSTED);
  await client.stopPodSandbox({ podSandboxId: a.sandboxId });
  await client.removePodSandbox({ podSandboxId: a.sandboxId });
  const c = await runPod(client, 'free-c');
  t.is(await podIp(client, c), `10.${OCTET}.20.1`);
});

test.serial('a restarted dockershim recovers the IPs its running sandboxes hold and resumes log copies', async (t) => {
  const first = await startShim('restart-1', `10.${OCTET}.21.0/30`);
  const a = await runPod(first.client, 'held');
  t.is(await podIp(first.client, a), `10.${OCTET}.21.1`);
  const talker = await startContainer(first.client, a, { metadata: { name: 'talker' }, command: ['sh', '-c', 'echo before; until [ -f /tmp/go ]; do sleep 0.2; done; echo after'] });
  const logPath = join(a.logDirectory, 'talker/0.log');
  await waitFor(async () => (await readFile(logPath, 'utf8').catch(() => '')).includes('before'), { timeoutMs: 60_000, intervalMs: 300, what: 'first log line' });
  first.client.close();
  await first.shim.stop();
  const second = await startShim('restart-2', `10.${OCTET}.21.0/30`);
  const b = await runPod(second.client, 'after-restart');
  t.is(await podIp(second.client, b), `10.${OCTET}.21.2`);
  t.is((await second.client.podSandboxStatus({ podSandboxId: a.sandboxId, verbose: false })).status!.state, PodSandboxState.SANDBOX_READY);
  // The log copy resumes where it stopped: nothing lost, nothing twice.
  await second.client.execSync({ containerId: talker, cmd: ['touch', '/tmp/go'], timeout: 10n });
  const text = await waitFor(
    async () => {
      const s = await readFile(logPath, 'utf8').catch(() => '');
      return s.includes('after') ? s : undefined;
    },
    { timeoutMs: 60_000, intervalMs: 300, what: 'log line after restart' },
  );
  t.deepEqual(
    text.trimEnd().split('\n').map((l) => l.split(' ').slice(3).join(' ')),
    ['before', 'after'],
  );
});

test('runtimes of two nodes on one engine see only their own sandboxes', async (t) => {
  const other = (await startShim('other-node', `10.${OCTET}.9.0/24`, undefined, 'other-node')).client;
  const mine = await runPod(cri, 'mine');
  const theirs = await runPod(other, 'theirs');
  const ids = async (client: RuntimeClient) => (await client.listPodSandbox({})).items.map((s) => s.id);
  t.true((await ids(cri)).includes(mine.sandboxId));
  t.false((await ids(cri)).includes(theirs.sandboxId));
  t.deepEqual(await ids(other), [theirs.sandboxId]);
  const err = await t.throwsAsync(other.podSandboxStatus({ podSandboxId: mine.sandboxId, verbose: false }));
  t.is((err as RuntimeCallError).code, GrpcCode.NOT_FOUND);
});

test('a missing image fails PullImage and CreateContainer with the engine message', async (t) => {
  const image = 'kubeling/does-not-exist:1';
  const pull = await grpcCode(cri.pullImage({ image: { image, annotations: {}, userSpecifiedImage: image }, auth: undefined, sandboxConfig: undefined }));
  t.not(pull.code, GrpcCode.OK);
  t.truthy(pull.details);
  t.is((await cri.imageStatus({ image: { image, annotations: {}, userSpecifiedImage: image }, verbose: false })).image, undefined);
  const pod = await runPod(cri, 'no-image');
  const create = await grpcCode(
    cri.createContainer({ podSandboxId: pod.sandboxId, config: containerConfig({ metadata: { name: 'c' }, image }), sandboxConfig: pod.config }),
  );
  t.is(create.code, GrpcCode.NOT_FOUND);
  t.regex(create.details, /no such image/i);
  const present = await cri.imageStatus({ image: { image: BUSYBOX, annotations: {}, userSpecifiedImage: BUSYBOX }, verbose: false });
  t.regex(present.image!.id, /^sha256:/);
  t.true(present.image!.repoTags.includes(BUSYBOX));
  const pulled = await cri.pullImage({ image: { image: BUSYBOX, annotations: {}, userSpecifiedImage: BUSYBOX }, auth: undefined, sandboxConfig: undefined }).catch(() => undefined);
  if (pulled) t.is(pulled.imageRef, present.image!.id);
  const fs = await cri.imageFsInfo({});
  t.true(fs.imageFilesystems[0]!.usedBytes!.value > 0n);
});

test('bad input is InvalidArgument, not a crash', async (t) => {
  const noMeta = await grpcCode(cri.runPodSandbox({ config: undefined, runtimeHandler: '' }));
  t.is(noMeta.code, GrpcCode.INVALID_ARGUMENT);
  const pod = await runPod(cri, 'bad-input');
  const relative = containerConfig({ metadata: { name: 'c' }, image: BUSYBOX, mounts: [{ containerPath: 'data', hostPath: '/tmp' }] });
  t.is((await grpcCode(cri.createContainer({ podSandboxId: pod.sandboxId, config: relative, sandboxConfig: pod.config }))).code, GrpcCode.INVALID_ARGUMENT);
  const unknownSandbox = containerConfig({ metadata: { name: 'c' }, image: BUSYBOX });
  t.is((await grpcCode(cri.createContainer({ podSandboxId: 'nope', config: unknownSandbox, sandboxConfig: undefined }))).code, GrpcCode.NOT_FOUND);
  t.is((await cri.version({ version: '' })).runtimeName, 'docker');
});

test('a tmpfs mount is memory-backed; limits reach Docker', async (t) => {
  const pod = await runPod(cri, 'limits');
  const id = await startContainer(cri, pod, {
    metadata: { name: 'c' },
    command: ['sleep', '3600'],
    mounts: [{ containerPath: '/scratch', tmpfs: true, tmpfsSizeBytes: 8n * 1024n * 1024n }],
    linux: { resources: linuxResources({ memoryLimitInBytes: 64n * 1024n * 1024n, cpuQuota: 50_000n, cpuPeriod: 100_000n, cpuShares: 512n }), securityContext: undefined },
  });
  const r = await cri.execSync({ containerId: id, cmd: ['sh', '-c', 'grep " /scratch " /proc/mounts'], timeout: 10n });
  t.regex(Buffer.from(r.stdout).toString(), /^tmpfs \/scratch tmpfs rw.*size=8192k/);
  const s = await containerStatus(cri, id);
  t.like(s.resources!.linux, { memoryLimitInBytes: 64n * 1024n * 1024n, cpuQuota: 50_000n, cpuPeriod: 100_000n, cpuShares: 512n });
  t.true(s.mounts.some((m) => m.containerPath === '/scratch' && m.tmpfs));
});

test('a container over its memory limit is OOMKilled', async (t) => {
  const pod = await runPod(cri, 'hog');
  const id = await startContainer(cri, pod, {
    metadata: { name: 'hog' },
    command: ['sh', '-c', 'x=$(head -c 200000000 /dev/zero | tr \\\\0 x)'],
    linux: { resources: linuxResources({ memoryLimitInBytes: 32n * 1024n * 1024n }), securityContext: undefined },
  });
  const exited = await waitFor(
    async () => {
      const s = await containerStatus(cri, id);
      return s.state === ContainerState.CONTAINER_EXITED ? s : undefined;
    },
    { timeoutMs: 120_000, intervalMs: 1_000, what: 'memory hog exit' },
  );
  t.is(exited.reason, 'OOMKilled', `exit ${exited.exitCode} ${exited.message}`);
});

test('a dockershim without Docker reports RuntimeReady=false and answers Unavailable', async (t) => {
  const { client } = await startShim('no-docker', '', new Docker({ socketPath: join(dir, 'absent-docker.sock') }));
  const { status } = await client.status({ verbose: false });
  t.like(status!.conditions[0], { type: 'RuntimeReady', status: false, reason: 'DockerDaemonNotReady' });
  t.is((await grpcCode(client.listPodSandbox({ filter: undefined }))).code, GrpcCode.UNAVAILABLE);
});
