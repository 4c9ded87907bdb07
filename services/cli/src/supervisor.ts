import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { nodeArgs, repoRoot, type Component } from './components.js';

/** What `up` recorded about one process, so `start` can run it again the same way. */
export interface ProcessRecord {
  /** The process's own name: the component's, or `kubelet-<node>` for one of several. */
  name: string;
  /** The component it runs, when that is not its name. */
  component?: string;
  entry: string;
  args: string[];
  /** Where clients reach it (host:port), for status. */
  endpoint?: string;
  /** Where components reach its gRPC API (host:port), for a process that serves one. */
  grpcEndpoint?: string;
}

const runDir = (dataDir: string) => join(dataDir, 'run');
const pidFile = (dataDir: string, name: string) => join(runDir(dataDir), `${name}.pid`);
const recordFile = (dataDir: string, name: string) => join(runDir(dataDir), `${name}.json`);
export const logFile = (dataDir: string, name: string) => join(dataDir, 'logs', `${name}.log`);

/** How long a process's log is now: where the lines of its next run begin. */
export function logSize(dataDir: string, name: string): number {
  const file = logFile(dataDir, name);
  return existsSync(file) ? statSync(file).size : 0;
}

/** The names of the recorded processes whose names start with `prefix` (the kubelets). */
export function recordedNames(dataDir: string, prefix: string): string[] {
  if (!existsSync(runDir(dataDir))) return [];
  return readdirSync(runDir(dataDir))
    .filter((f) => f.startsWith(prefix) && f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
}

export function readRecord(dataDir: string, name: string): ProcessRecord | undefined {
  const file = recordFile(dataDir, name);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as ProcessRecord) : undefined;
}

export function writeRecord(dataDir: string, record: ProcessRecord): void {
  mkdirSync(runDir(dataDir), { recursive: true });
  writeFileSync(recordFile(dataDir, record.name), `${JSON.stringify(record, null, 2)}\n`);
}

/** The pid of the recorded process if it still runs (a reused pid running something else does not count). */
export function runningPid(dataDir: string, record: ProcessRecord): number | undefined {
  const file = pidFile(dataDir, record.name);
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').trim());
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return cmdline.includes(record.entry) ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Starts a recorded process detached, in its own process group, logging to D/logs/<name>.log. */
export function startDetached(dataDir: string, c: Component, record: ProcessRecord): number {
  mkdirSync(join(dataDir, 'logs'), { recursive: true });
  const log = openSync(logFile(dataDir, record.name), 'a');
  const child = spawn(process.execPath, nodeArgs(c, record.args), { cwd: repoRoot, detached: true, stdio: ['ignore', log, log] });
  child.unref();
  if (child.pid === undefined) throw new Error(`could not start ${record.name}`);
  writeFileSync(pidFile(dataDir, record.name), `${child.pid}\n`);
  return child.pid;
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
export async function stopProcess(dataDir: string, record: ProcessRecord, graceMs = 10_000): Promise<boolean> {
  const pid = runningPid(dataDir, record);
  if (pid === undefined) {
    rmSync(pidFile(dataDir, record.name), { force: true });
    return false;
  }
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (runningPid(dataDir, record) !== undefined) {
    if (Date.now() > deadline) process.kill(pid, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 50));
  }
  rmSync(pidFile(dataDir, record.name), { force: true });
  return true;
}
