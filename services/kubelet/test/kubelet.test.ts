// The kubelet as a process against a real store and apiserver, running real Docker containers
// through its in-process dockershim. Everything it makes carries this file's cluster label and
// lives on this file's Docker network, both removed afterwards.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { ApiClient, isNotFound, type KubeObject } from '@kubeling/client';
import { ensureImages } from '@kubeling/images';
import { startApiServerOverStore, waitFor, type ApiServerOverStore, type ManagedProcess } from '@kubeling/testing';
import type { Container, ContainerStatus, Node, Pod } from 'kubernetes-types/core/v1.js';
import { docker, removeClusterFromDocker, startKubeletProcess } from './kubelet-process.js';

type NodeObject = Node & KubeObject;
type PodObject = Pod & KubeObject;

const CLUSTER = `kubelet-test-${process.pid}`;
const NETWORK = `kubeling-${CLUSTER}`;
const CLUSTER_CIDR = '10.217.0.0/16';
const POD_CIDR = '10.217.3.0/24';
const NODE = 'kubelet-test-node';
const BUSYBOX = 'kubeling/busybox:1';

let cluster: ApiServerOverStore | undefined;
let client: ApiClient;
let kubelet: ManagedProcess | undefined;
const others: ManagedProcess[] = [];
const rootDir = mkdtempSync(join(tmpdir(), 'kubeling-kubelet-test-'));

const nodesRef = (name?: string) => ({ version: 'v1', resource: 'nodes', name });
const podsRef = (name?: string) => ({ version: 'v1', resource: 'pods', namespace: 'default', name });

function startKubelet(nodeName: string, extra: string[] = []): ManagedProcess {
  const { kubeconfig, dataDir } = cluster!.api;
  return startKubeletProcess({ kubeconfig, nodeName, rootDir, logDir: dataDir, clusterName: CLUSTER, network: NETWORK, clusterCidr: CLUSTER_CIDR, podCidr: POD_CIDR, args: extra });
}

/** Ids of the running containers of the pod (its app containers and sandbox), sorted. */
async function runningContainerIds(uid: string): Promise<string[]> {
  const out = await docker('ps', '-q', '--no-trunc', '--filter', `label=io.kubernetes.pod.uid=${uid}`);
  return out.split('\n').filter(Boolean).sort();
}

async function allContainerIds(uid: string): Promise<string[]> {
  const out = await docker('ps', '-aq', '--filter', `label=io.kubernetes.pod.uid=${uid}`);
  return out.split('\n').filter(Boolean);
}

function createPod(name: string, containers: Container[], spec: Partial<Pod['spec']> = {}): Promise<PodObject> {
  return client.create<PodObject>(podsRef(), { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { nodeName: NODE, terminationGracePeriodSeconds: 5, ...spec, containers } });
}

/** Polls the pod until `check` returns something. */
function podUntil<T>(name: string, what: string, check: (pod: PodObject) => T | undefined | false, timeoutMs = 120_000): Promise<T> {
  return waitFor(async () => check(await client.get<PodObject>(podsRef(name))), { timeoutMs, intervalMs: 300, what: `pod ${name}: ${what}` });
}

const containerStatus = (pod: Pod, name = 'app'): ContainerStatus | undefined => pod.status?.containerStatuses?.find((s) => s.name === name);
const condition = (pod: Pod, type: string) => pod.status?.conditions?.find((c) => c.type === type);

test.before(async () => {
  await ensureImages();
  cluster = await startApiServerOverStore();
  const { api } = cluster;
  client = new ApiClient({ endpoints: [api.grpcEndpoint], caCertPem: api.caCertPem, ...api.admin });
  kubelet = startKubelet(NODE);
});

test.after.always(async () => {
  for (const p of [kubelet, ...others]) await p?.stop(10_000);
  await removeClusterFromDocker(CLUSTER, NETWORK);
  client?.close();
  await cluster?.stop();
  rmSync(rootDir, { recursive: true, force: true });
});

test.serial('the node registers and turns Ready, with the host capacity flags, its address and kubelet version', async (t) => {
  const node = await waitFor(
    async () => {
      const n = await client.get<NodeObject>(nodesRef(NODE)).catch((err: unknown) => (isNotFound(err) ? undefined : Promise.reject(err)));
      return n?.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True' ? n : undefined;
    },
    { timeoutMs: 120_000, intervalMs: 500, what: 'node Ready' },
  );
  t.like(node.status!.capacity, { cpu: '4', memory: '8Gi', pods: '110' });
  t.deepEqual(node.status!.allocatable, node.status!.capacity);
  t.is(node.status!.nodeInfo!.kubeletVersion, 'v1.32.0-kubeling');
  t.regex(node.status!.nodeInfo!.containerRuntimeVersion, /^docker:\/\//);
  t.deepEqual(node.status!.addresses, [
    { type: 'InternalIP', address: '10.217.0.1' },
    { type: 'Hostname', address: NODE },
  ]);
  t.deepEqual(
    node.status!.conditions!.map((c) => [c.type, c.status]),
    [
      ['MemoryPressure', 'False'],
      ['DiskPressure', 'False'],
      ['PIDPressure', 'False'],
      ['Ready', 'True'],
    ],
  );
  t.is(node.metadata!.labels!['kubernetes.io/hostname'], NODE);
  const lease = await client.get({ group: 'coordination.k8s.io', version: 'v1', resource: 'leases', namespace: 'kube-node-lease', name: NODE });
  t.is((lease as { spec?: { holderIdentity?: string } }).spec?.holderIdentity, NODE);
});

test.serial('a web server pod runs, turns Ready with a pod IP in the pod CIDR, and answers from the host', async (t) => {
  await createPod('web', [{ name: 'app', image: BUSYBOX, command: ['sh', '-c', 'echo hello from the pod > /tmp/index.html && exec httpd -f -p 8080 -h /tmp'] }]);
  const pod = await podUntil('web', 'Running and Ready', (p) => p.status?.phase === 'Running' && condition(p, 'Ready')?.status === 'True' && p);
  t.regex(pod.status!.podIP!, /^10\.217\.3\.\d+$/);
  t.deepEqual(pod.status!.podIPs, [{ ip: pod.status!.podIP }]);
  t.is(pod.status!.hostIP, '10.217.0.1');
  t.truthy(pod.status!.startTime);
  t.deepEqual(
    pod.status!.conditions!.filter((c) => c.type !== 'PodScheduled').map((c) => [c.type, c.status]),
    [
      ['PodReadyToStartContainers', 'True'],
      ['Initialized', 'True'],
      ['Ready', 'True'],
      ['ContainersReady', 'True'],
    ],
  );
  const status = containerStatus(pod)!;
  t.like(status, { name: 'app', ready: true, started: true, restartCount: 0, image: BUSYBOX });
  t.truthy(status.state?.running?.startedAt);
  t.regex(status.containerID!, /^docker:\/\/[0-9a-f]{64}$/);
  t.truthy(status.imageID);
  const body = await waitFor(
    async () => {
      const res = await fetch(`http://${pod.status!.podIP}:8080/index.html`).catch(() => undefined);
      return res?.ok ? res.text() : undefined;
    },
    { timeoutMs: 30_000, intervalMs: 500, what: 'an HTTP answer from the pod' },
  );
  t.is(body.trim(), 'hello from the pod');
});

test.serial('a crashing container is restarted with a growing restart count and shows CrashLoopBackOff', async (t) => {
  await createPod('crash', [{ name: 'app', image: BUSYBOX, command: ['sh', '-c', 'exit 3'] }]);
  const seen = new Set<string>();
  const pod = await podUntil(
    'crash',
    'CrashLoopBackOff after two restarts',
    (p) => {
      const s = containerStatus(p);
      if (s?.state?.waiting?.reason) seen.add(s.state.waiting.reason);
      return (s?.restartCount ?? 0) >= 2 && s?.state?.waiting?.reason === 'CrashLoopBackOff' && p;
    },
    180_000,
  );
  const status = containerStatus(pod)!;
  t.regex(status.state!.waiting!.message!, /^back-off \d+s restarting failed container=app pod=crash_default\(/);
  t.like(status.lastState, { terminated: { exitCode: 3, reason: 'Error' } });
  t.is(status.ready, false);
  t.is(pod.status!.phase, 'Running');
  t.like(condition(pod, 'Ready'), { status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [app]' });
  t.true(seen.has('CrashLoopBackOff'));
  const reasons = await waitFor(
    async () => {
      const events = await client.list<KubeObject & { reason?: string; involvedObject?: { name?: string }; source?: { component?: string; host?: string } }>({ version: 'v1', resource: 'events', namespace: 'default' });
      const mine = events.items.filter((e) => e.involvedObject?.name === 'crash' && e.source?.component === 'kubelet' && e.source.host === NODE).map((e) => e.reason!);
      return mine.includes('BackOff') && mine;
    },
    { timeoutMs: 30_000, what: 'the kubelet events of pod crash' },
  );
  t.true(reasons.includes('Created') && reasons.includes('Started'));
  // Old attempts are pruned: at most the newest exited one, the running one and the sandbox remain.
  t.true((await allContainerIds(pod.metadata!.uid!)).length <= 3);
});

test.serial('restartPolicy Never: exit 0 is Succeeded, exit 1 is Failed with the exit code', async (t) => {
  await createPod('done-ok', [{ name: 'app', image: BUSYBOX, command: ['sh', '-c', 'exit 0'] }], { restartPolicy: 'Never' });
  await createPod('done-bad', [{ name: 'app', image: BUSYBOX, command: ['sh', '-c', 'echo failing; exit 1'] }], { restartPolicy: 'Never' });
  const ok = await podUntil('done-ok', 'Succeeded', (p) => p.status?.phase === 'Succeeded' && p);
  t.like(containerStatus(ok), { ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } });
  t.like(condition(ok, 'Ready'), { status: 'False', reason: 'PodCompleted' });
  const bad = await podUntil('done-bad', 'Failed', (p) => p.status?.phase === 'Failed' && p);
  t.like(containerStatus(bad), { restartCount: 0, state: { terminated: { exitCode: 1, reason: 'Error' } } });
  // A finished pod's sandbox is stopped; its containers stay for their logs and status.
  await waitFor(async () => (await runningContainerIds(bad.metadata!.uid!)).length === 0, { timeoutMs: 60_000, what: 'the finished pod stopped' });
  t.true((await allContainerIds(bad.metadata!.uid!)).length > 0);
});

test.serial('a missing image is ErrImagePull, then ImagePullBackOff with the kubelet message', async (t) => {
  await createPod('missing', [{ name: 'app', image: 'nope/missing:1' }]);
  const pulled = await podUntil('missing', 'ErrImagePull', (p) => containerStatus(p)?.state?.waiting?.reason === 'ErrImagePull' && p);
  t.truthy(containerStatus(pulled)!.state!.waiting!.message);
  t.is(pulled.status!.phase, 'Pending');
  const backoff = await podUntil('missing', 'ImagePullBackOff', (p) => containerStatus(p)?.state?.waiting?.reason === 'ImagePullBackOff' && p);
  t.is(containerStatus(backoff)!.state!.waiting!.message, 'Back-off pulling image "nope/missing:1"');
  await createPod('never', [{ name: 'app', image: 'nope/missing:1', imagePullPolicy: 'Never' }]);
  const never = await podUntil('never', 'ErrImageNeverPull', (p) => containerStatus(p)?.state?.waiting?.reason === 'ErrImageNeverPull' && p);
  t.is(containerStatus(never)!.state!.waiting!.message, 'Container image "nope/missing:1" is not present with pull policy of Never');
});

test.serial('init containers run to completion in order before the app container', async (t) => {
  await createPod('init', [{ name: 'app', image: BUSYBOX, command: ['sh', '-c', 'cat /work/order && sleep 3600'], volumeMounts: [{ name: 'work', mountPath: '/work' }] }], {
    initContainers: [
      { name: 'first', image: BUSYBOX, command: ['sh', '-c', 'echo first >> /work/order'], volumeMounts: [{ name: 'work', mountPath: '/work' }] },
      { name: 'second', image: BUSYBOX, command: ['sh', '-c', 'grep -q first /work/order && echo second >> /work/order'], volumeMounts: [{ name: 'work', mountPath: '/work' }] },
    ],
    volumes: [{ name: 'work', emptyDir: {} }],
  });
  const pod = await podUntil('init', 'Running', (p) => p.status?.phase === 'Running' && p);
  t.like(condition(pod, 'Initialized'), { status: 'True' });
  t.deepEqual(
    pod.status!.initContainerStatuses!.map((s) => [s.name, s.state?.terminated?.exitCode, s.state?.terminated?.reason, s.ready]),
    [
      ['first', 0, 'Completed', true],
      ['second', 0, 'Completed', true],
    ],
  );
  t.is(containerStatus(pod)!.restartCount, 0);
  t.truthy(containerStatus(pod)!.state?.running);
});

test.serial('a readiness probe gates Ready; a failing liveness probe restarts the container', async (t) => {
  await createPod('probed', [
    {
      name: 'app',
      image: BUSYBOX,
      command: ['sh', '-c', 'sleep 4; touch /tmp/ready; exec sleep 3600'],
      readinessProbe: { exec: { command: ['cat', '/tmp/ready'] }, periodSeconds: 1, failureThreshold: 1 },
    },
    { name: 'sick', image: BUSYBOX, command: ['sleep', '3600'], livenessProbe: { exec: { command: ['false'] }, periodSeconds: 1, failureThreshold: 1 } },
  ]);
  const unready = await podUntil('probed', 'running but not ready', (p) => containerStatus(p)?.state?.running && p);
  t.false(containerStatus(unready)!.ready);
  t.is(condition(unready, 'Ready')?.status, 'False');
  await podUntil('probed', 'app ready', (p) => containerStatus(p)?.ready === true && p);
  const restarted = await podUntil('probed', 'sick restarted', (p) => (containerStatus(p, 'sick')?.restartCount ?? 0) >= 1 && p);
  t.truthy(containerStatus(restarted, 'sick')!.lastState?.terminated);
  await client.delete(podsRef('probed'), { gracePeriodSeconds: 1 });
});

test.serial('a preStop hook runs before the container is stopped', async (t) => {
  const hostDir = mkdtempSync(join(rootDir, 'prestop-'));
  await createPod(
    'hooked',
    [
      {
        name: 'app',
        image: BUSYBOX,
        command: ['sleep', '3600'],
        lifecycle: { preStop: { exec: { command: ['sh', '-c', 'echo stopping > /host/prestop'] } } },
        volumeMounts: [{ name: 'host', mountPath: '/host' }],
      },
    ],
    { volumes: [{ name: 'host', hostPath: { path: hostDir } }] },
  );
  await podUntil('hooked', 'Running', (p) => p.status?.phase === 'Running' && p);
  await client.delete(podsRef('hooked'));
  await waitFor(() => client.get(podsRef('hooked')).then(() => false, (err: unknown) => isNotFound(err)), { timeoutMs: 120_000, what: 'pod hooked deleted' });
  t.is(readFileSync(join(hostDir, 'prestop'), 'utf8').trim(), 'stopping');
});

test.serial('deleting a pod stops and removes its containers before the pod object goes', async (t) => {
  const pod = await client.get<PodObject>(podsRef('web'));
  const uid = pod.metadata!.uid!;
  t.true((await runningContainerIds(uid)).length >= 2, 'the sandbox and the app container run');
  await client.delete(podsRef('web'));
  await waitFor(
    async () => {
      const gone = await client.get<PodObject>(podsRef('web')).then(
        (p) => p.metadata!.uid !== uid,
        (err: unknown) => (isNotFound(err) ? true : Promise.reject(err)),
      );
      if (!gone) return false;
      t.deepEqual(await allContainerIds(uid), [], 'no container of the pod is left when its object goes');
      return true;
    },
    { timeoutMs: 120_000, intervalMs: 200, what: 'pod web deleted' },
  );
});

test.serial('a kubelet killed with SIGKILL and started again adopts the running containers and removes those of pods gone meanwhile', async (t) => {
  await createPod('survivor', [{ name: 'app', image: BUSYBOX, command: ['sleep', '3600'] }]);
  await createPod('orphan', [{ name: 'app', image: BUSYBOX, command: ['sleep', '3600'] }]);
  const before = await podUntil('survivor', 'Running', (p) => p.status?.phase === 'Running' && condition(p, 'Ready')?.status === 'True' && p);
  const orphan = await podUntil('orphan', 'Running', (p) => p.status?.phase === 'Running' && p);
  const uid = before.metadata!.uid!;
  const ids = await runningContainerIds(uid);
  t.is(ids.length, 2);
  await kubelet!.kill9();
  await client.delete(podsRef('orphan'), { gracePeriodSeconds: 0 });
  await waitFor(() => client.get(podsRef('orphan')).then(() => false, (err: unknown) => isNotFound(err)), { timeoutMs: 30_000, what: 'pod orphan force-deleted' });
  t.is((await runningContainerIds(orphan.metadata!.uid!)).length, 2, 'nobody stopped its containers yet');
  kubelet = startKubelet(NODE);
  await waitFor(async () => (await allContainerIds(orphan.metadata!.uid!)).length === 0, { timeoutMs: 60_000, what: 'the orphan containers removed' });
  // The new kubelet has synced the pod once its log says so; the containers are the same.
  await waitFor(async () => (await client.get<PodObject>(podsRef('survivor'))).status?.phase === 'Running', { timeoutMs: 60_000, what: 'survivor still Running' });
  await new Promise((resolve) => setTimeout(resolve, 15_000));
  t.deepEqual(await runningContainerIds(uid), ids);
  const after = await client.get<PodObject>(podsRef('survivor'));
  t.is(containerStatus(after)!.containerID, containerStatus(before)!.containerID);
  t.is(containerStatus(after)!.restartCount, 0);
  t.is(after.status!.podIP, before.status!.podIP);
});

test.serial('a kubelet whose runtime endpoint nobody serves reports its node NotReady with the runtime message', async (t) => {
  const name = 'kubelet-test-no-runtime';
  const endpoint = `unix://${join(rootDir, 'nobody.sock')}`;
  others.push(startKubelet(name, ['--container-runtime-endpoint', endpoint]));
  const ready = await waitFor(
    async () => {
      const n = await client.get<NodeObject>(nodesRef(name)).catch((err: unknown) => (isNotFound(err) ? undefined : Promise.reject(err)));
      return n?.status?.conditions?.find((c) => c.type === 'Ready');
    },
    { timeoutMs: 120_000, intervalMs: 500, what: 'the node registered' },
  );
  t.is(ready.status, 'False');
  t.is(ready.reason, 'KubeletNotReady');
  t.regex(ready.message!, /container runtime/);
});
