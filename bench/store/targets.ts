import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { etcdClients, freePort, ManagedProcess, startEtcd, startStore, statusOnce, tsEntryArgs, waitFor } from '@kubeling/testing';

export type TargetName = 'null' | 'etcd' | 'store';

/** A server under measurement, started fresh for the run. */
export interface Target {
  name: TargetName;
  endpoint: string;
  pid(): number;
  stop(): Promise<void>;
}

async function startNull(): Promise<Target> {
  const port = await freePort();
  const endpoint = `127.0.0.1:${port}`;
  const dir = mkdtempSync(join(tmpdir(), 'kubeling-null-'));
  const proc = new ManagedProcess({
    command: process.execPath,
    args: [...tsEntryArgs('bench/store/null-etcd-server.ts'), '--listen-client-urls', `http://${endpoint}`],
    logFile: join(dir, 'null.log'),
  });
  const clients = etcdClients(endpoint);
  await waitFor(() => statusOnce(clients).then(() => true), { what: `null server on ${endpoint}` });
  clients.close();
  return { name: 'null', endpoint, pid: () => proc.pid, stop: () => proc.stop() };
}

export async function startTarget(name: TargetName): Promise<Target> {
  if (name === 'null') return startNull();
  const server = name === 'etcd' ? await startEtcd() : await startStore();
  return { name, endpoint: server.endpoint, pid: () => server.process.pid, stop: () => server.stop() };
}
