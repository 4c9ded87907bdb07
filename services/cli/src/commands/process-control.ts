import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { removeClusterContainers } from '../cluster-containers.js';
import { CLUSTER_COMPONENTS, component, KUBELET } from '../components.js';
import { parseArgs, required, UsageError } from '../cli-flags.js';
import { launch } from '../launch.js';
import { step } from '../steps.js';
import { readRecord, recordedNames, runningPid, stopProcess, type ProcessRecord } from '../supervisor.js';

/** The control plane in start order, then the kubelets. */
function recorded(dataDir: string): ProcessRecord[] {
  const names = [...CLUSTER_COMPONENTS.map((c) => c.name), ...recordedNames(dataDir, `${KUBELET.name}-`)];
  return names.map((name) => readRecord(dataDir, name)).filter((r): r is ProcessRecord => r !== undefined);
}

/** The processes a start/stop names: one by name, or --all. */
function selected(argv: string[], verb: string): { dataDir: string; records: ProcessRecord[] } {
  const args = parseArgs(argv, ['data-dir'], ['all']);
  const dataDir = resolve(required(args, 'data-dir'));
  const all = recorded(dataDir);
  if (all.length === 0) throw new UsageError(`no cluster recorded in ${dataDir} (run \`kubeling up\` first)`);
  if (args.flags.has('all')) return { dataDir, records: all };
  const name = args.positionals[0];
  if (!name) throw new UsageError(`${verb} needs a process name or --all`);
  const record = all.find((r) => r.name === name);
  if (!record && !CLUSTER_COMPONENTS.some((c) => c.name === name)) throw new UsageError(`unknown process "${name}" (known: ${all.map((r) => r.name).join(', ')})`);
  if (!record) throw new UsageError(`process "${name}" is not recorded in ${dataDir}`);
  return { dataDir, records: [record] };
}

export async function start(argv: string[]): Promise<number> {
  const { dataDir, records } = selected(argv, 'start');
  for (const record of records) {
    if (runningPid(dataDir, record) !== undefined) {
      process.stdout.write(` ✓ ${record.name} is already running\n`);
      continue;
    }
    await step(`Starting ${record.name} with its recorded flags`, () => launch(dataDir, component(record.component ?? record.name)!, record));
  }
  return 0;
}

export async function stop(argv: string[]): Promise<number> {
  const { dataDir, records } = selected(argv, 'stop');
  for (const record of [...records].reverse()) {
    await step(`Stopping ${record.name}`, () => stopProcess(dataDir, record));
  }
  return 0;
}

/** The cluster's name as `up` recorded it. */
function clusterName(dataDir: string): string | undefined {
  const file = join(dataDir, 'cluster.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { name?: string }).name : undefined;
}

/** Stops every process of the cluster, then removes its pods' containers and its network. */
export async function down(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ['data-dir']);
  const dataDir = resolve(required(args, 'data-dir'));
  for (const record of recorded(dataDir).reverse()) {
    await step(`Stopping ${record.name}`, () => stopProcess(dataDir, record));
  }
  const name = clusterName(dataDir);
  if (name) await step(`Removing the containers of cluster "${name}"`, () => removeClusterContainers(name));
  process.stdout.write(`Cluster in ${dataDir} is down; its data stays there. Start it again with:\n\n  pnpm kubeling up --data-dir ${dataDir}\n`);
  return 0;
}

export async function status(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ['data-dir']);
  const dataDir = resolve(required(args, 'data-dir'));
  const records = recorded(dataDir);
  if (records.length === 0) throw new UsageError(`no cluster recorded in ${dataDir}`);
  let allRunning = true;
  for (const record of records) {
    const pid = runningPid(dataDir, record);
    allRunning &&= pid !== undefined;
    const endpoints = [record.endpoint, record.grpcEndpoint && `gRPC ${record.grpcEndpoint}`].filter(Boolean).join(', ');
    process.stdout.write(`${record.name.padEnd(20)} ${pid !== undefined ? `running (pid ${pid})` : 'stopped'.padEnd(20)}  ${endpoints}\n`);
  }
  return allRunning ? 0 : 1;
}
