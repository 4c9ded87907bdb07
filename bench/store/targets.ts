import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { etcdClients, freePort, ManagedProcess, startEtcd, startStore, statusOnce, tsEntryArgs, waitFor, type EtcdServer } from '@kubeling/testing';
import type { TargetName } from './config.js';

/** A server under test: where to send calls, and which pid to read CPU and memory from. */
export interface Target {
  readonly name: TargetName;
  readonly endpoint: string;
  readonly pid: number;
  /** Stops the process and removes its data dir. */
  stop(): Promise<void>;
}

const NULL_SERVER_ENTRY = fileURLToPath(new URL('./null-etcd-server.ts', import.meta.url));

async function stopAndRemove(proc: ManagedProcess, dir: string): Promise<void> {
  await proc.stop();
  rmSync(dir, { recursive: true, force: true });
}

async function startNullServer(): Promise<Target> {
  const dir = mkdtempSync(join(tmpdir(), 'kubeling-null-etcd-'));
  const port = await freePort();
  const endpoint = `127.0.0.1:${port}`;
  const logFile = join(dir, 'null-etcd.log');
  const proc = new ManagedProcess({ command: process.execPath, args: [...tsEntryArgs(NULL_SERVER_ENTRY), '--port', String(port)], logFile });
  const clients = etcdClients(endpoint);
  try {
    await waitFor(
      async () => {
        if (!proc.running) throw new Error(`null server exited early; see ${logFile}`);
        await statusOnce(clients);
        return true;
      },
      { timeoutMs: 30_000, what: `null etcd server on ${endpoint}` },
    );
  } finally {
    clients.close();
  }
  return { name: 'null', endpoint, pid: proc.pid, stop: () => stopAndRemove(proc, dir) };
}

/** etcd and the store run on a fresh temp data dir with default flags (etcd's fsync is real). */
function fromEtcdServer(name: TargetName, server: EtcdServer): Target {
  return { name, endpoint: server.endpoint, pid: server.process.pid, stop: () => stopAndRemove(server.process, server.dataDir) };
}

export async function startTarget(name: TargetName): Promise<Target> {
  switch (name) {
    case 'null':
      return startNullServer();
    case 'etcd':
      return fromEtcdServer(name, await startEtcd());
    case 'store':
      return fromEtcdServer(name, await startStore());
  }
}
