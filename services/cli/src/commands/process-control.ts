import { resolve } from 'node:path';
import { CLUSTER_COMPONENTS, component } from '../components.js';
import { parseArgs, required, UsageError } from '../cli-flags.js';
import { launch } from '../launch.js';
import { step } from '../steps.js';
import { readRecord, runningPid, stopProcess, type ProcessRecord } from '../supervisor.js';

function recorded(dataDir: string): ProcessRecord[] {
  return CLUSTER_COMPONENTS.map((c) => readRecord(dataDir, c.name)).filter((r): r is ProcessRecord => r !== undefined);
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
  if (!CLUSTER_COMPONENTS.some((c) => c.name === name)) throw new UsageError(`unknown process "${name}" (known: ${CLUSTER_COMPONENTS.map((c) => c.name).join(', ')})`);
  const record = all.find((r) => r.name === name);
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
    await step(`Starting ${record.name} with its recorded flags`, () => launch(dataDir, component(record.name)!, record));
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

/** Stops every process of the cluster. Pod containers join this once the kubelet exists. */
export async function down(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ['data-dir']);
  const dataDir = resolve(required(args, 'data-dir'));
  for (const record of recorded(dataDir).reverse()) {
    await step(`Stopping ${record.name}`, () => stopProcess(dataDir, record));
  }
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
