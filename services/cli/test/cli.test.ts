import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import test from 'ava';
import { kubectl, repoRoot, tsEntryArgs, waitFor } from '@kubeling/testing';

const run = promisify(execFile);

async function kubeling(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [...tsEntryArgs('services/cli/src/main.ts'), ...args], { cwd: repoRoot });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

async function etcdctl(endpoint: string, ...args: string[]): Promise<string> {
  const { stdout } = await run('etcdctl', ['--endpoints', endpoint, ...args], { env: { ...process.env, ETCDCTL_API: '3' } });
  return stdout;
}

/** Running, not a zombie: a detached process whose parent has exited may wait unreaped. */
function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** The node a pod is bound to, once the scheduler has bound it. */
async function nodeNameOf(kubeconfig: string, pod: string): Promise<string> {
  return waitFor(async () => (await kubectl(kubeconfig, ['get', 'pod', pod, '-o', 'jsonpath={.spec.nodeName}'])).stdout || undefined, { timeoutMs: 30_000, intervalMs: 200, what: `pod ${pod} bound` });
}

const NODE = `apiVersion: v1
kind: Node
metadata:
  name: node-a
status:
  capacity: {cpu: "4", memory: 8Gi, pods: "110"}
  allocatable: {cpu: "4", memory: 8Gi, pods: "110"}
`;

const dataDir = mkdtempSync(join(tmpdir(), 'kubeling-cli-'));
test.after.always(async () => {
  await kubeling('down', '--data-dir', dataDir);
  rmSync(dataDir, { recursive: true, force: true });
});

test.serial('up, stop, start and down drive the store, the apiserver, the scheduler and the controller-manager as detached processes with their recorded flags', async (t) => {
  // No kubelets here: the fake node-a must be the only node the scheduler sees.
  const up = await kubeling('up', '--name', 'ci', '--nodes', '0', '--data-dir', dataDir);
  t.is(up.code, 0, up.stderr);
  t.regex(up.stdout, /✓ Starting store/);
  t.regex(up.stdout, /✓ Starting apiserver \(https:\/\/127\.0\.0\.1:\d+\)/);
  t.regex(up.stdout, /✓ Starting scheduler/);
  t.regex(up.stdout, /✓ Starting controller-manager/);
  const namespaces = await run('kubectl', ['--kubeconfig', join(dataDir, 'admin.kubeconfig'), '--cache-dir', join(dataDir, 'kubectl-cache'), 'get', 'namespaces', '-o', 'name']);
  t.regex(namespaces.stdout, /^namespace\/kube-system$/m, 'kubectl works with the admin kubeconfig `up` wrote');
  const apiserverPid = Number(readFileSync(join(dataDir, 'run/apiserver.pid'), 'utf8'));
  const { endpoints } = JSON.parse(readFileSync(join(dataDir, 'cluster.json'), 'utf8')) as { endpoints: Record<string, string> };
  t.regex(endpoints['apiserver-grpc']!, /^127\.0\.0\.1:\d+$/);
  t.not(endpoints['apiserver-grpc'], '127.0.0.1:6444', 'a port of its own, not the default another cluster may hold');
  const pid = Number(readFileSync(join(dataDir, 'run/store.pid'), 'utf8'));
  t.true(alive(pid));
  t.true(existsSync(join(dataDir, 'logs/store.log')));

  await etcdctl(endpoints.store!, 'put', 'survives', 'restart');
  const running = await kubeling('status', '--data-dir', dataDir);
  t.is(running.code, 0);
  t.regex(running.stdout, /^scheduler\s+running \(pid \d+\)/m);
  t.is((await kubeling('up', '--data-dir', dataDir)).code, 1, 'a second up does not start duplicates');

  t.is((await kubeling('stop', '--data-dir', dataDir, 'store')).code, 0);
  t.false(alive(pid));
  const stopped = await kubeling('status', '--data-dir', dataDir);
  t.is(stopped.code, 1);
  t.regex(stopped.stdout, /store\s+stopped/);
  await t.throwsAsync(etcdctl(endpoints.store, '--dial-timeout', '1s', '--command-timeout', '2s', 'get', 'survives'));

  t.is((await kubeling('start', '--data-dir', dataDir, 'store')).code, 0);
  t.is(await etcdctl(endpoints.store!, 'get', 'survives', '--print-value-only'), 'restart\n', 'same port, same data');
  const restarted = Number(readFileSync(join(dataDir, 'run/store.pid'), 'utf8'));

  // The scheduler binds a pod made with kubectl to a node made with kubectl (status and all).
  const admin = join(dataDir, 'admin.kubeconfig');
  const node = await kubectl(admin, ['apply', '-f', '-'], NODE);
  t.is(node.code, 0, node.stderr);
  t.is((await kubectl(admin, ['run', 'first', '--image=busybox', '--restart=Never'])).code, 0);
  t.is(await nodeNameOf(admin, 'first'), 'node-a');
  const podCidr = await waitFor(async () => (await kubectl(admin, ['get', 'node', 'node-a', '-o', 'jsonpath={.spec.podCIDR}'])).stdout || undefined, { what: 'the node IPAM controller' });
  t.is(podCidr, '10.244.0.0/24', 'the controller-manager gave the node a /24 of the cluster CIDR');
  const managerPid = Number(readFileSync(join(dataDir, 'run/controller-manager.pid'), 'utf8'));

  const schedulerPid = Number(readFileSync(join(dataDir, 'run/scheduler.pid'), 'utf8'));
  t.is((await kubeling('stop', '--data-dir', dataDir, 'scheduler')).code, 0);
  t.false(alive(schedulerPid));
  t.regex((await kubeling('status', '--data-dir', dataDir)).stdout, /^scheduler\s+stopped/m);
  t.is((await kubectl(admin, ['run', 'second', '--image=busybox', '--restart=Never'])).code, 0);
  const start = await kubeling('start', '--data-dir', dataDir, 'scheduler');
  t.is(start.code, 0, start.stderr);
  t.is(await nodeNameOf(admin, 'second'), 'node-a', 'the pod made while no scheduler ran is bound once one leads again');
  const schedulerRestarted = Number(readFileSync(join(dataDir, 'run/scheduler.pid'), 'utf8'));

  t.is((await kubeling('down', '--data-dir', dataDir)).code, 0);
  t.false(alive(restarted));
  t.false(alive(apiserverPid));
  t.false(alive(schedulerRestarted));
  t.false(alive(managerPid));
});

test('bad input exits 2 naming what is wrong', async (t) => {
  const unknown = await kubeling('frobnicate');
  t.is(unknown.code, 2);
  t.regex(unknown.stderr, /unknown command "frobnicate"/);
  const missing = await kubeling('status');
  t.is(missing.code, 2);
  t.regex(missing.stderr, /--data-dir/);
  const badFlag = await kubeling('up', '--data-dir', dataDir, '--nodez', '2');
  t.is(badFlag.code, 2);
  t.regex(badFlag.stderr, /--nodez/);
  const badProcess = await kubeling('stop', '--data-dir', dataDir, 'nonesuch');
  t.is(badProcess.code, 2);
  const notStartedByUp = await kubeling('stop', '--data-dir', dataDir, 'hollow-node');
  t.is(notStartedByUp.code, 2);
});

const clusterContainers = async (name: string) => (await run('docker', ['ps', '-aq', '--filter', `label=io.kubeling.cluster=${name}`])).stdout.split('\n').filter(Boolean);

test.serial('up --nodes 1 ends with a Ready kubelet that runs pods as containers; down removes them and the network', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kubeling-cli-nodes-'));
  t.teardown(async () => {
    await kubeling('down', '--data-dir', dir);
    rmSync(dir, { recursive: true, force: true });
  });
  const up = await kubeling('up', '--name', 'ci-nodes', '--nodes', '1', '--data-dir', dir);
  t.is(up.code, 0, up.stdout + up.stderr);
  t.regex(up.stdout, /✓ Docker is reachable/);
  t.regex(up.stdout, /✓ Starting kubelet ci-nodes-worker \(Ready\)/);
  const admin = join(dir, 'admin.kubeconfig');
  t.regex((await kubectl(admin, ['get', 'node', 'ci-nodes-worker', '--no-headers'])).stdout, /^ci-nodes-worker\s+Ready\s/);
  t.is((await kubectl(admin, ['run', 'sleeper', '--image=kubeling/busybox:1', '--restart=Never', '--', 'sleep', '3600'])).code, 0);
  await waitFor(async () => (await kubectl(admin, ['get', 'pod', 'sleeper', '-o', 'jsonpath={.status.phase}'])).stdout === 'Running', { timeoutMs: 120_000, what: 'the pod Running' });
  t.true((await clusterContainers('ci-nodes')).length >= 2, 'a sandbox and the container');

  const down = await kubeling('down', '--data-dir', dir);
  t.is(down.code, 0);
  t.regex(down.stdout, /✓ Removing the containers of cluster "ci-nodes"/);
  t.deepEqual(await clusterContainers('ci-nodes'), []);
  t.false((await run('docker', ['network', 'ls', '--format', '{{.Name}}'])).stdout.split('\n').includes('kubeling-ci-nodes'));
});

test('the scheduler and hollow nodes run in the foreground with their own flags', async (t) => {
  const scheduler = await kubeling('scheduler');
  t.is(scheduler.code, 2);
  t.regex(scheduler.stderr, /kubeling scheduler: --kubeconfig is required/);
  const hollow = await kubeling('hollow-node', '--kubeconfig', join(dataDir, 'admin.kubeconfig'), '--grpc-server', '127.0.0.1:1');
  t.is(hollow.code, 2);
  t.regex(hollow.stderr, /kubeling hollow-node: --count is required/);
});
