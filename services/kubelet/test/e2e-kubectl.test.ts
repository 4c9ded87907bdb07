// A whole cluster end to end: store, apiserver, scheduler, controller-manager (node-ipam gives
// the node its podCIDR) and one real kubelet running Docker containers, driven only through
// the real kubectl with YAML on stdin. The pods answer HTTP from the host on their pod IPs.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { ApiClient } from '@kubeling/client';
import { ensureImages } from '@kubeling/images';
import { useTestCluster, waitFor, waitForLog, type ManagedProcess } from '@kubeling/testing';
import type { ContainerStatus, Pod } from 'kubernetes-types/core/v1.js';
import { removeClusterFromDocker, startKubeletProcess } from './kubelet-process.js';

// Fixed names: a run that died before its cleanup leaves nothing that blocks the next one.
const CLUSTER = 'e2e-kubectl';
const NETWORK = `kubeling-${CLUSTER}`;
const CLUSTER_CIDR = '10.224.0.0/16';
const NODE = 'e2e-kubectl-node';
const BUSYBOX = 'kubeling/busybox:1';

const fixture = useTestCluster(test, (api) => ApiClient.fromKubeconfig(api.kubeconfig));
const rootDir = mkdtempSync(join(tmpdir(), 'kubeling-e2e-kubectl-'));
let kubelet: ManagedProcess | undefined;

test.serial.before(async () => {
  await ensureImages();
  await removeClusterFromDocker(CLUSTER, NETWORK);
  const { api } = fixture;
  const ready = [
    waitForLog(fixture.start('scheduler', ['--leader-elect=false']), 'caches synced', 120_000),
    waitForLog(
      fixture.start('controller-manager', ['--leader-elect=false', '--controllers', '*', '--allocate-node-cidrs', '--cluster-cidr', CLUSTER_CIDR]),
      'caches synced; controllers running',
      120_000,
    ),
  ];
  kubelet = startKubeletProcess({ kubeconfig: api.kubeconfig, nodeName: NODE, rootDir, logDir: api.dataDir, clusterName: CLUSTER, network: NETWORK, clusterCidr: CLUSTER_CIDR });
  await Promise.all(ready);
});

// The kubelet goes before the other components and the cluster; then what it left in Docker.
fixture.teardown(async () => {
  await kubelet?.stop(10_000);
  await removeClusterFromDocker(CLUSTER, NETWORK);
  rmSync(rootDir, { recursive: true, force: true });
});

/** Runs kubectl, failing with its stderr unless it exits 0. */
async function kubectl(args: string[], stdin?: string): Promise<string> {
  const res = await fixture.kubectl(args, stdin);
  if (res.code !== 0) throw new Error(`kubectl ${args.join(' ')} exited ${res.code}: ${res.stderr}`);
  return res.stdout;
}

const apply = (yaml: string) => kubectl(['apply', '-f', '-'], yaml);

async function getPod(name: string): Promise<Pod> {
  return JSON.parse(await kubectl(['get', 'pod', name, '-o', 'json'])) as Pod;
}

/** Polls the pod through kubectl until `check` returns something. */
function podUntil<T>(name: string, what: string, check: (pod: Pod) => T | undefined | false, timeoutMs = 150_000): Promise<T> {
  return waitFor(async () => check(await getPod(name)), { timeoutMs, intervalMs: 1_000, what: `pod ${name}: ${what}` });
}

const status = (pod: Pod, name: string): ContainerStatus | undefined => pod.status?.containerStatuses?.find((s) => s.name === name);

/** The body of GET http://<ip>:8080/<path> from the host, once it answers 200. */
function httpGet(ip: string, path: string): Promise<string> {
  return waitFor(
    async () => {
      const res = await fetch(`http://${ip}:8080/${path}`, { signal: AbortSignal.timeout(5_000) }).catch(() => undefined);
      return res?.ok ? res.text() : undefined;
    },
    { timeoutMs: 60_000, intervalMs: 500, what: `an HTTP answer from ${ip}:8080/${path}` },
  );
}

const ipNumber = (ip: string) => ip.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);

function inCidr(ip: string, cidr: string): boolean {
  const [base, bits] = cidr.split('/');
  const size = 2 ** (32 - Number(bits));
  return Math.floor(ipNumber(ip) / size) === Math.floor(ipNumber(base!) / size);
}

/** The node's spec.podCIDR once node-ipam has set it. */
function nodePodCidr(): Promise<string> {
  return waitFor(async () => (await kubectl(['get', 'node', NODE, '-o', 'jsonpath={.spec.podCIDR}'])).trim() || undefined, {
    timeoutMs: 120_000,
    intervalMs: 1_000,
    what: `node ${NODE} with a podCIDR`,
  });
}

const WEB = `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      terminationGracePeriodSeconds: 5
      containers:
      - name: httpd
        image: ${BUSYBOX}
        command: ['sh', '-c', 'mkdir -p /www && echo $(POD_NAME) > /www/index.html && exec httpd -f -p 8080 -h /www']
        env:
        - name: POD_NAME
          valueFrom: { fieldRef: { fieldPath: metadata.name } }
        ports:
        - containerPort: 8080
`;

test.serial('a Deployment of 3 web servers rolls out; each pod has its own IP in the node podCIDR and answers with its name', async (t) => {
  await apply(WEB);
  // kubectl runs at most 60 s per call: rollout status is asked again until it reports success.
  const rollout = await waitFor(
    async () => {
      const res = await fixture.kubectl(['rollout', 'status', 'deployment/web', '--timeout=45s']);
      return res.code === 0 && res.stdout;
    },
    { timeoutMs: 150_000, intervalMs: 1_000, what: 'kubectl rollout status deployment/web' },
  );
  t.regex(rollout, /deployment "web" successfully rolled out/);
  const podCidr = await nodePodCidr();
  t.true(inCidr(podCidr.split('/')[0]!, CLUSTER_CIDR), `podCIDR ${podCidr} is in the cluster CIDR`);
  t.regex(podCidr, /\/24$/);
  const pods = (JSON.parse(await kubectl(['get', 'pods', '-l', 'app=web', '-o', 'json'])) as { items: Pod[] }).items;
  t.is(pods.length, 3);
  for (const pod of pods) {
    t.is(pod.status?.phase, 'Running');
    t.is(pod.spec?.nodeName, NODE);
    t.true(inCidr(pod.status!.podIP!, podCidr), `pod IP ${pod.status!.podIP} is in ${podCidr}`);
  }
  t.is(new Set(pods.map((p) => p.status!.podIP)).size, 3, 'the pod IPs are distinct');
  for (const pod of pods) t.is((await httpGet(pod.status!.podIP!, 'index.html')).trim(), pod.metadata!.name!);
});

test.serial('env from a ConfigMap, a Secret and the downward API reaches the container', async (t) => {
  const out = mkdtempSync(join(rootDir, 'env-'));
  await apply(`
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  color: blue
  size: large
---
apiVersion: v1
kind: Secret
metadata:
  name: credentials
data:
  password: ${Buffer.from('s3cr3t').toString('base64')}
---
apiVersion: v1
kind: Pod
metadata:
  name: env-printer
spec:
  restartPolicy: Never
  containers:
  - name: app
    image: ${BUSYBOX}
    command: ['sh', '-c', 'env | sort > /out/env']
    resources:
      limits: { memory: 64Mi }
    envFrom:
    - configMapRef: { name: settings }
      prefix: CM_
    env:
    - name: COLOR
      valueFrom: { configMapKeyRef: { name: settings, key: color } }
    - name: PASSWORD
      valueFrom: { secretKeyRef: { name: credentials, key: password } }
    - name: POD_NAME
      valueFrom: { fieldRef: { fieldPath: metadata.name } }
    - name: POD_IP
      valueFrom: { fieldRef: { fieldPath: status.podIP } }
    - name: MEMORY_LIMIT
      valueFrom: { resourceFieldRef: { containerName: app, resource: limits.memory } }
    volumeMounts:
    - { name: out, mountPath: /out }
  volumes:
  - name: out
    hostPath: { path: ${out} }
`);
  const pod = await podUntil('env-printer', 'Succeeded', (p) => p.status?.phase === 'Succeeded' && p);
  t.like(status(pod, 'app'), { state: { terminated: { exitCode: 0, reason: 'Completed' } } });
  const env = Object.fromEntries(
    readFileSync(join(out, 'env'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
  t.like(env, {
    CM_color: 'blue',
    CM_size: 'large',
    COLOR: 'blue',
    PASSWORD: 's3cr3t',
    POD_NAME: 'env-printer',
    POD_IP: pod.status!.podIP,
    MEMORY_LIMIT: String(64 * 1024 * 1024),
  });
  t.truthy(pod.status!.podIP);
});

test.serial('an emptyDir is shared by two containers: one writes a file, the other serves it', async (t) => {
  await apply(`
apiVersion: v1
kind: Pod
metadata:
  name: shared
spec:
  terminationGracePeriodSeconds: 5
  containers:
  - name: writer
    image: ${BUSYBOX}
    command: ['sh', '-c', 'echo written by the writer > /data/index.html && exec sleep 3600']
    volumeMounts:
    - { name: data, mountPath: /data }
  - name: server
    image: ${BUSYBOX}
    command: ['httpd', '-f', '-p', '8080', '-h', '/data']
    volumeMounts:
    - { name: data, mountPath: /data }
  volumes:
  - name: data
    emptyDir: {}
`);
  const pod = await podUntil('shared', 'Running', (p) => p.status?.phase === 'Running' && !!p.status.podIP && p);
  t.is((await httpGet(pod.status!.podIP!, 'index.html')).trim(), 'written by the writer');
});

test.serial('a container over its memory limit is OOMKilled', async (t) => {
  await apply(`
apiVersion: v1
kind: Pod
metadata:
  name: hog
spec:
  restartPolicy: Never
  containers:
  - name: app
    image: ${BUSYBOX}
    command: ['sh', '-c', 'x=$(head -c 200000000 /dev/zero | tr "\\0" x); sleep 1']
    resources:
      limits: { memory: 32Mi }
`);
  const reason = await waitFor(
    async () => {
      const out = await kubectl(['get', 'pod', 'hog', '-o', 'jsonpath={.status.containerStatuses[0].state.terminated.reason}']);
      return out.trim() || undefined;
    },
    { timeoutMs: 150_000, intervalMs: 1_000, what: 'pod hog terminated' },
  );
  t.is(reason, 'OOMKilled');
  const pod = await getPod('hog');
  t.is(pod.status?.phase, 'Failed');
  t.like(status(pod, 'app'), { restartCount: 0, state: { terminated: { exitCode: 137 } } });
});

test.serial('kubectl get nodes shows the node Ready; get pods -o wide shows the pod IPs and the node', async (t) => {
  const nodes = await kubectl(['get', 'nodes']);
  t.regex(nodes, new RegExp(`^${NODE}\\s+Ready\\s`, 'm'));
  const wide = await kubectl(['get', 'pods', '-l', 'app=web', '-o', 'wide']);
  const [header, ...rows] = wide.trim().split('\n');
  t.regex(header!, /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE\s/);
  const pods = (JSON.parse(await kubectl(['get', 'pods', '-l', 'app=web', '-o', 'json'])) as { items: Pod[] }).items;
  t.is(rows.length, pods.length);
  for (const pod of pods) {
    const row = rows.find((r) => r.startsWith(`${pod.metadata!.name} `));
    t.truthy(row, `a row for ${pod.metadata!.name}`);
    t.deepEqual(row!.split(/\s+/).slice(1, 3), ['1/1', 'Running']);
    t.deepEqual(row!.split(/\s+/).slice(5, 7), [pod.status!.podIP, NODE]);
  }
});
