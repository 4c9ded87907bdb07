import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { COMPONENTS, type Component } from '../components.js';
import { parseArgs, required, UsageError } from '../cli-flags.js';
import { freePort, waitForEtcdApi } from '../readiness.js';
import { step } from '../steps.js';
import { readRecord, runningPid, startDetached, writeRecord, type ProcessRecord } from '../supervisor.js';

/** The flags each component gets from `up`; ports are picked free so clusters can run side by side. */
async function recordFor(c: Component, dataDir: string): Promise<ProcessRecord> {
  const port = await freePort();
  const args = ['--name', 'default', '--data-dir', join(dataDir, c.name), '--listen-client-urls', `http://127.0.0.1:${port}`];
  return { name: c.name, entry: c.entry, args, endpoint: `127.0.0.1:${port}` };
}

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
  const endpoints: Record<string, string> = {};
  for (const c of COMPONENTS) {
    // A cluster started before keeps its recorded flags (and so its ports and data).
    const record = readRecord(dataDir, c.name) ?? (await recordFor(c, dataDir));
    writeRecord(dataDir, record);
    await step(`Starting ${c.name} (${record.endpoint})`, async () => {
      startDetached(dataDir, c, record);
      await waitForEtcdApi(record.endpoint!, () => runningPid(dataDir, record) !== undefined);
    });
    endpoints[c.name] = record.endpoint!;
  }
  const clusterFile = join(dataDir, 'cluster.json');
  writeFileSync(clusterFile, `${JSON.stringify({ name, nodes, proxyMode, endpoints }, null, 2)}\n`);
  process.stdout.write(`\nThe store speaks the etcd v3 API. Try:\n\n  ETCDCTL_API=3 etcdctl --endpoints ${endpoints.store} endpoint status -w table\n\n`);
  process.stdout.write(`Stop the cluster with:\n\n  pnpm kubeling down --data-dir ${dataDir}\n`);
  return existsSync(clusterFile) ? 0 : 1;
}
