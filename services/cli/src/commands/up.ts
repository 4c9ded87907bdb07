import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ensureImages } from '@kubeling/images';
import { buildKubeconfig, issueClientCertificate, nodeUser, writeClusterPki, writeKubeconfig, type ClusterPki, type UserCredentials } from '@kubeling/pki';
import { clusterNetwork } from '../cluster-containers.js';
import { CLUSTER_COMPONENTS, KUBELET, type Component } from '../components.js';
import { parseArgs, required, UsageError } from '../cli-flags.js';
import { launch } from '../launch.js';
import { preconditions, type Check } from '../preconditions.js';
import { freePort } from '../readiness.js';
import { step } from '../steps.js';
import { readRecord, runningPid, writeRecord, type ProcessRecord } from '../supervisor.js';

interface UpContext {
  name: string;
  dataDir: string;
  pki: ClusterPki;
  /** Where each component already started is reached (`apiserver-grpc`: the apiserver's gRPC API). */
  endpoints: Record<string, string>;
}

/** How `up` starts a component: the flags it records, and files it reads that `up` writes anew. */
interface Plan {
  record(c: Component, ctx: UpContext): Promise<ProcessRecord>;
  writeFiles?(ctx: UpContext): void;
}

/** A kubeconfig naming the apiserver's HTTPS URL and, for the components' client, its gRPC endpoint. */
function kubeconfigFor(ctx: UpContext, username: string, credentials: UserCredentials) {
  return buildKubeconfig({
    clusterName: ctx.name,
    server: ctx.endpoints.apiserver!,
    // An apiserver recorded before `up` chose its gRPC port serves gRPC on the default one.
    grpcServers: [ctx.endpoints['apiserver-grpc'] ?? '127.0.0.1:6444'],
    caCertPem: ctx.pki.ca.certPem,
    username,
    credentials,
  });
}

const schedulerKubeconfig = (dataDir: string) => join(dataDir, 'scheduler.kubeconfig');
const controllerManagerKubeconfig = (dataDir: string) => join(dataDir, 'controller-manager.kubeconfig');
/** Pod subnets: a /24 per node from here (kubeadm's --pod-network-cidr, flannel's default). */
const CLUSTER_CIDR = '10.244.0.0/16';

const PLANS: Record<string, Plan> = {
  store: {
    async record(c, { dataDir }) {
      const port = await freePort();
      const args = ['--name', 'default', '--data-dir', join(dataDir, c.name), '--listen-client-urls', `http://127.0.0.1:${port}`];
      return { name: c.name, entry: c.entry, args, endpoint: `127.0.0.1:${port}` };
    },
  },
  apiserver: {
    async record(c, { pki, endpoints }) {
      const port = await freePort();
      const grpcPort = await freePort();
      const f = pki.files;
      const args = [
        '--etcd-servers', `http://${endpoints.store}`,
        '--secure-port', String(port),
        '--grpc-port', String(grpcPort),
        '--tls-cert-file', f.apiServer.publicPath,
        '--tls-private-key-file', f.apiServer.privatePath,
        '--client-ca-file', f.ca.publicPath,
        '--service-account-key-file', f.serviceAccount.publicPath,
      ];
      return { name: c.name, entry: c.entry, args, endpoint: `https://127.0.0.1:${port}`, grpcEndpoint: `127.0.0.1:${grpcPort}` };
    },
  },
  scheduler: {
    async record(c, { dataDir }) {
      return { name: c.name, entry: c.entry, args: ['--kubeconfig', schedulerKubeconfig(dataDir)] };
    },
    writeFiles(ctx) {
      writeKubeconfig(schedulerKubeconfig(ctx.dataDir), kubeconfigFor(ctx, 'system:kube-scheduler', ctx.pki.scheduler));
    },
  },
  'controller-manager': {
    async record(c, { dataDir }) {
      return { name: c.name, entry: c.entry, args: ['--kubeconfig', controllerManagerKubeconfig(dataDir), '--allocate-node-cidrs', '--cluster-cidr', CLUSTER_CIDR] };
    },
    writeFiles(ctx) {
      writeKubeconfig(controllerManagerKubeconfig(ctx.dataDir), kubeconfigFor(ctx, 'system:kube-controller-manager', ctx.pki.controllerManager));
    },
  },
};

/** Runs every check, one line each; false when any fails (each failure says how to fix it). */
async function allHold(checks: Check[]): Promise<boolean> {
  let ok = true;
  for (const check of checks) {
    const problem = await check.problem();
    process.stdout.write(problem ? ` ✗ ${check.title}: ${problem}\n` : ` ✓ ${check.title}\n`);
    ok &&= problem === undefined;
  }
  return ok;
}

/** kind's node names: <cluster>-worker, <cluster>-worker2, ... */
export const nodeName = (cluster: string, i: number) => `${cluster}-worker${i === 1 ? '' : i}`;
const kubeletKubeconfig = (dataDir: string, node: string) => join(dataDir, `kubelet-${node}.kubeconfig`);

/** A kubelet per node, each with its own identity (system:node:<node>), root dir and in-process runtime. */
function kubeletRecord(ctx: UpContext, node: string): ProcessRecord {
  const args = [
    '--kubeconfig', kubeletKubeconfig(ctx.dataDir, node),
    '--hostname-override', node,
    '--root-dir', join(ctx.dataDir, `kubelet-${node}`),
    '--cluster-name', ctx.name,
    '--docker-network', clusterNetwork(ctx.name),
    '--cluster-cidr', CLUSTER_CIDR,
  ];
  return { name: `${KUBELET.name}-${node}`, component: KUBELET.name, entry: KUBELET.entry, args };
}

function writeKubeletKubeconfig(ctx: UpContext, node: string): void {
  writeKubeconfig(kubeletKubeconfig(ctx.dataDir, node), kubeconfigFor(ctx, nodeUser(node).username, issueClientCertificate(ctx.pki.ca, nodeUser(node))));
}

async function startNodes(ctx: UpContext, nodes: number): Promise<void> {
  if (nodes === 0) return;
  await step('Building images (kubeling/pause:1, kubeling/busybox:1)', () => ensureImages());
  for (let i = 1; i <= nodes; i++) {
    const node = nodeName(ctx.name, i);
    const record = readRecord(ctx.dataDir, `${KUBELET.name}-${node}`) ?? kubeletRecord(ctx, node);
    writeRecord(ctx.dataDir, record);
    await step(`Starting kubelet ${node} (Ready)`, async () => {
      writeKubeletKubeconfig(ctx, node);
      await launch(ctx.dataDir, KUBELET, record);
    });
  }
}

export async function up(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ['name', 'data-dir', 'nodes', 'proxy-mode']);
  const dataDir = resolve(required(args, 'data-dir'));
  const name = args.flags.get('name') ?? 'kubeling';
  const nodes = Number(args.flags.get('nodes') ?? '1');
  if (!Number.isInteger(nodes) || nodes < 0) throw new UsageError(`invalid value for --nodes: ${args.flags.get('nodes')}`);
  const proxyMode = args.flags.get('proxy-mode') ?? 'iptables';
  if (proxyMode !== 'iptables' && proxyMode !== 'userspace') throw new UsageError(`invalid value for --proxy-mode: ${proxyMode} (iptables or userspace)`);

  for (const c of CLUSTER_COMPONENTS) {
    const existing = readRecord(dataDir, c.name);
    if (existing && runningPid(dataDir, existing) !== undefined) {
      process.stderr.write(`cluster in ${dataDir} is already running (${c.name}); use \`kubeling status --data-dir ${dataDir}\`\n`);
      return 1;
    }
  }
  process.stdout.write(`Creating cluster "${name}" in ${dataDir} ...\n`);
  if (!(await allHold(preconditions(nodes)))) return 1;
  mkdirSync(dataDir, { recursive: true });
  const ctx: UpContext = { name, dataDir, endpoints: {}, pki: undefined as unknown as ClusterPki };
  await step('Writing certificates (pki/)', async () => {
    ctx.pki = writeClusterPki(dataDir);
  });
  for (const c of CLUSTER_COMPONENTS) {
    const plan = PLANS[c.name]!;
    // A cluster started before keeps its recorded flags (and so its ports and data).
    const record = readRecord(dataDir, c.name) ?? (await plan.record(c, ctx));
    writeRecord(dataDir, record);
    await step(`Starting ${c.name}${record.endpoint ? ` (${record.endpoint})` : ''}`, async () => {
      plan.writeFiles?.(ctx);
      await launch(dataDir, c, record);
    });
    if (record.endpoint) ctx.endpoints[c.name] = record.endpoint;
    if (record.grpcEndpoint) ctx.endpoints[`${c.name}-grpc`] = record.grpcEndpoint;
  }
  // Recorded before the nodes start: `down` finds the cluster's containers by its name.
  const clusterFile = join(dataDir, 'cluster.json');
  writeFileSync(clusterFile, `${JSON.stringify({ name, nodes, proxyMode, endpoints: ctx.endpoints }, null, 2)}\n`);
  await startNodes(ctx, nodes);
  const kubeconfig = join(dataDir, 'admin.kubeconfig');
  await step('Writing admin.kubeconfig', async () => {
    writeKubeconfig(kubeconfig, kubeconfigFor(ctx, 'kubernetes-admin', ctx.pki.admin));
  });
  process.stdout.write(`\nYou can now use your cluster with:\n\n  kubectl --kubeconfig ${kubeconfig} get namespaces\n\n`);
  process.stdout.write(`Stop the cluster with:\n\n  pnpm kubeling down --data-dir ${dataDir}\n`);
  return existsSync(clusterFile) ? 0 : 1;
}
