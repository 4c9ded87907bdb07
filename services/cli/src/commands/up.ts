import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildKubeconfig, writeClusterPki, writeKubeconfig, type ClusterPki } from '@kubeling/pki';
import { COMPONENTS, type Component } from '../components.js';
import { parseArgs, required, UsageError } from '../cli-flags.js';
import { freePort, waitForEtcdApi, waitForReadyz } from '../readiness.js';
import { step } from '../steps.js';
import { readRecord, runningPid, startDetached, writeRecord, type ProcessRecord } from '../supervisor.js';

interface UpContext {
  dataDir: string;
  pki: ClusterPki;
  /** Where each component already started is reached. */
  endpoints: Record<string, string>;
}

/** How `up` starts a component: the flags it records, and when it counts as ready. */
interface Plan {
  record(c: Component, ctx: UpContext): Promise<ProcessRecord>;
  ready(record: ProcessRecord, ctx: UpContext, alive: () => boolean): Promise<void>;
}

const PLANS: Record<string, Plan> = {
  store: {
    async record(c, { dataDir }) {
      const port = await freePort();
      const args = ['--name', 'default', '--data-dir', join(dataDir, c.name), '--listen-client-urls', `http://127.0.0.1:${port}`];
      return { name: c.name, entry: c.entry, args, endpoint: `127.0.0.1:${port}` };
    },
    ready: (record, _ctx, alive) => waitForEtcdApi(record.endpoint!, alive),
  },
  apiserver: {
    async record(c, { pki, endpoints }) {
      const port = await freePort();
      const f = pki.files;
      const args = [
        '--etcd-servers', `http://${endpoints.store}`,
        '--secure-port', String(port),
        '--tls-cert-file', f.apiServer.publicPath,
        '--tls-private-key-file', f.apiServer.privatePath,
        '--client-ca-file', f.ca.publicPath,
        '--service-account-key-file', f.serviceAccount.publicPath,
      ];
      return { name: c.name, entry: c.entry, args, endpoint: `https://127.0.0.1:${port}` };
    },
    ready: (record, { pki }, alive) => waitForReadyz(record.endpoint!, pki.ca.certPem, alive),
  },
};

export async function up(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ['name', 'data-dir', 'nodes', 'proxy-mode']);
  const dataDir = resolve(required(args, 'data-dir'));
  const name = args.flags.get('name') ?? 'kubeling';
  const nodes = Number(args.flags.get('nodes') ?? '1');
  if (!Number.isInteger(nodes) || nodes < 0) throw new UsageError(`invalid value for --nodes: ${args.flags.get('nodes')}`);
  const proxyMode = args.flags.get('proxy-mode') ?? 'iptables';
  if (proxyMode !== 'iptables' && proxyMode !== 'userspace') throw new UsageError(`invalid value for --proxy-mode: ${proxyMode} (iptables or userspace)`);

  for (const c of COMPONENTS) {
    const existing = readRecord(dataDir, c.name);
    if (existing && runningPid(dataDir, existing) !== undefined) {
      process.stderr.write(`cluster in ${dataDir} is already running (${c.name}); use \`kubeling status --data-dir ${dataDir}\`\n`);
      return 1;
    }
  }
  process.stdout.write(`Creating cluster "${name}" in ${dataDir} ...\n`);
  mkdirSync(dataDir, { recursive: true });
  const ctx: UpContext = { dataDir, endpoints: {}, pki: undefined as unknown as ClusterPki };
  await step('Writing certificates (pki/)', async () => {
    ctx.pki = writeClusterPki(dataDir);
  });
  for (const c of COMPONENTS) {
    const plan = PLANS[c.name]!;
    // A cluster started before keeps its recorded flags (and so its ports and data).
    const record = readRecord(dataDir, c.name) ?? (await plan.record(c, ctx));
    writeRecord(dataDir, record);
    await step(`Starting ${c.name} (${record.endpoint})`, async () => {
      startDetached(dataDir, c, record);
      await plan.ready(record, ctx, () => runningPid(dataDir, record) !== undefined);
    });
    ctx.endpoints[c.name] = record.endpoint!;
  }
  const kubeconfig = join(dataDir, 'admin.kubeconfig');
  await step('Writing admin.kubeconfig', async () => {
    writeKubeconfig(kubeconfig, buildKubeconfig({ clusterName: name, server: ctx.endpoints.apiserver!, caCertPem: ctx.pki.ca.certPem, username: 'kubernetes-admin', credentials: ctx.pki.admin }));
  });
  const clusterFile = join(dataDir, 'cluster.json');
  writeFileSync(clusterFile, `${JSON.stringify({ name, nodes, proxyMode, endpoints: ctx.endpoints }, null, 2)}\n`);
  process.stdout.write(`\nYou can now use your cluster with:\n\n  kubectl --kubeconfig ${kubeconfig} get namespaces\n\n`);
  process.stdout.write(`Stop the cluster with:\n\n  pnpm kubeling down --data-dir ${dataDir}\n`);
  return existsSync(clusterFile) ? 0 : 1;
}
