import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { etcdClients, statusOnce } from './etcd-clients.js';
import { freePort } from './free-port.js';
import { ManagedProcess } from './managed-process.js';
import { tsEntryArgs } from './repo.js';
import { waitFor } from './wait-for.js';

/** A running server that speaks the etcd v3 API on 127.0.0.1: Kubeling's store or a real etcd. */
export interface EtcdServer {
  readonly kind: 'store' | 'etcd';
  /** host:port for grpc-js and etcdctl --endpoints. */
  readonly endpoint: string;
  readonly dataDir: string;
  readonly process: ManagedProcess;
  /** Starts it again on the same port and data dir (after stop or kill9). */
  restart(): Promise<void>;
  stop(): Promise<void>;
  kill9(): Promise<void>;
}

export interface ServerOptions {
  dataDir?: string;
  port?: number;
  /** Extra flags, etcd-style (`--quota-backend-bytes=...`). */
  flags?: string[];
  env?: NodeJS.ProcessEnv;
}

type Launch = (port: number, dataDir: string) => { command: string; args: string[] };

const launchStore =
  (flags: string[]): Launch =>
  (port, dataDir) => ({
    command: process.execPath,
    // The same V8 flags `kubeling up` gives the store (services/cli/src/components.ts).
    args: ['--max-semi-space-size=32', ...tsEntryArgs('services/store/src/main.ts'), '--data-dir', dataDir, '--listen-client-urls', `http://127.0.0.1:${port}`, ...flags],
  });

const launchEtcd =
  (flags: string[], peerPort: number): Launch =>
  (port, dataDir) => ({
    command: 'etcd',
    args: [
      '--name', 'default',
      '--data-dir', dataDir,
      '--listen-client-urls', `http://127.0.0.1:${port}`,
      '--advertise-client-urls', `http://127.0.0.1:${port}`,
      '--listen-peer-urls', `http://127.0.0.1:${peerPort}`,
      '--initial-advertise-peer-urls', `http://127.0.0.1:${peerPort}`,
      '--initial-cluster', `default=http://127.0.0.1:${peerPort}`,
      '--logger', 'zap',
      ...flags,
    ],
  });

async function startServer(kind: 'store' | 'etcd', launch: Launch, options: ServerOptions): Promise<EtcdServer> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), `kubeling-${kind}-`));
  const port = options.port ?? (await freePort());
  const endpoint = `127.0.0.1:${port}`;
  const spawnOnce = async (): Promise<ManagedProcess> => {
    const { command, args } = launch(port, join(dataDir, kind === 'etcd' ? 'etcd' : 'store'));
    const proc = new ManagedProcess({ command, args, env: options.env, logFile: join(dataDir, `${kind}.log`) });
    const clients = etcdClients(endpoint);
    try {
      await waitFor(
        async () => {
          if (!proc.running) throw new Error(`${kind} exited early; see ${join(dataDir, `${kind}.log`)}`);
          await statusOnce(clients);
          return true;
        },
        { timeoutMs: 30_000, what: `${kind} on ${endpoint}` },
      );
    } finally {
      clients.close();
    }
    return proc;
  };
  let current = await spawnOnce();
  return {
    kind,
    endpoint,
    dataDir,
    get process() {
      return current;
    },
    async restart() {
      if (current.running) await current.stop();
      current = await spawnOnce();
    },
    stop: () => current.stop(),
    kill9: () => current.kill9(),
  };
}

/** Starts Kubeling's store (services/store) as a real process. */
export function startStore(options: ServerOptions = {}): Promise<EtcdServer> {
  return startServer('store', launchStore(options.flags ?? []), options);
}

/** Starts a real etcd (Debian's etcd-server) on loopback, client and peer ports both free ones. */
export async function startEtcd(options: ServerOptions = {}): Promise<EtcdServer> {
  const peerPort = await freePort();
  return startServer('etcd', launchEtcd(options.flags ?? [], peerPort), options);
}
