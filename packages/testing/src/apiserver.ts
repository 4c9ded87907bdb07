import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildKubeconfig, writeClusterPki, writeKubeconfig } from '@kubeling/pki';
import { startStore, type EtcdServer } from './etcd-servers.js';
import { freePort } from './free-port.js';
import { ManagedProcess } from './managed-process.js';
import { tsEntryArgs } from './repo.js';
import { waitFor } from './wait-for.js';

/** A running Kubeling apiserver on 127.0.0.1 with its own PKI and an admin kubeconfig. */
export interface ApiServer {
  readonly url: string;
  /** host:port of the gRPC API for components. */
  readonly grpcEndpoint: string;
  readonly dataDir: string;
  /** An admin (system:masters) kubeconfig for kubectl, which also names the gRPC endpoint for components. */
  readonly kubeconfig: string;
  readonly process: ManagedProcess;
  readonly caCertPem: string;
  /** The admin's client certificate and key, for gRPC clients. */
  readonly admin: { certPem: string; keyPem: string };
  /** Starts it again with the same flags and ports (after stop). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export interface ApiServerOptions {
  /** host:port (or URL) of each etcd endpoint: our store or a real etcd. */
  etcdServers: string[];
  dataDir?: string;
  flags?: string[];
  /** Arguments for node itself, before the entry point (--cpu-prof, which NODE_OPTIONS refuses). */
  nodeArgs?: string[];
}

/** GET over TLS trusting `ca`, with no client certificate; resolves to the status code. */
function httpsStatus(url: string, ca: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca, timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.end();
  });
}

export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'kubeling-apiserver-'));
  const pki = writeClusterPki(dataDir);
  const port = await freePort();
  const grpcPort = await freePort();
  const url = `https://127.0.0.1:${port}`;
  const logFile = join(dataDir, 'apiserver.log');
  const spec = {
    command: process.execPath,
    args: [
      '--max-semi-space-size=32',
      ...(options.nodeArgs ?? []),
      ...tsEntryArgs('services/apiserver/src/main.ts'),
      '--etcd-servers', options.etcdServers.map((e) => (e.includes('://') ? e : `http://${e}`)).join(','),
      '--secure-port', String(port),
      '--grpc-port', String(grpcPort),
      '--tls-cert-file', pki.files.apiServer.publicPath,
      '--tls-private-key-file', pki.files.apiServer.privatePath,
      '--client-ca-file', pki.files.ca.publicPath,
      '--service-account-key-file', pki.files.serviceAccount.publicPath,
      ...(options.flags ?? []),
    ],
    logFile,
  };
  const spawnReady = async () => {
    const proc = new ManagedProcess(spec);
    await waitFor(
      async () => {
        if (!proc.running) throw new Error(`apiserver exited early; see ${logFile}`);
        return (await httpsStatus(`${url}/readyz`, pki.ca.certPem).catch(() => 0)) === 200;
      },
      { timeoutMs: 60_000, what: `apiserver on ${url}` },
    );
    return proc;
  };
  let current = await spawnReady();
  const kubeconfig = join(dataDir, 'admin.kubeconfig');
  writeKubeconfig(kubeconfig, buildKubeconfig({ clusterName: 'kubeling', server: url, grpcServers: [`127.0.0.1:${grpcPort}`], caCertPem: pki.ca.certPem, username: 'kubernetes-admin', credentials: pki.admin }));
  return {
    url,
    grpcEndpoint: `127.0.0.1:${grpcPort}`,
    dataDir,
    kubeconfig,
    get process() {
      return current;
    },
    caCertPem: pki.ca.certPem,
    admin: { certPem: pki.admin.certPem, keyPem: pki.admin.keyPem },
    async restart() {
      if (current.running) await current.stop();
      current = await spawnReady();
    },
    stop: () => current.stop(),
  };
}

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real kubectl against a kubeconfig, with a discovery cache of its own (kubectl
 * caches discovery on disk per server; a stale cache hides what the server serves).
 */
export function kubectl(kubeconfig: string, args: string[], stdin?: string): Promise<KubectlResult> {
  const cacheDir = join(kubeconfig, '..', 'kubectl-cache');
  mkdirSync(cacheDir, { recursive: true });
  return new Promise((resolve) => {
    const child = execFile('kubectl', ['--kubeconfig', kubeconfig, '--cache-dir', cacheDir, ...args], { timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof (error as { code?: unknown }).code === 'number' ? ((error as { code: number }).code) : 1) : 0;
      resolve({ code, stdout: stdout.toString(), stderr: stderr.toString() });
    });
    if (stdin !== undefined) child.stdin?.end(stdin);
  });
}

/** A store with an apiserver over it, as most apiserver tests use them. */
export interface ApiServerOverStore {
  store: EtcdServer;
  api: ApiServer;
  /** Stops both and removes their data. */
  stop(): Promise<void>;
}

export async function startApiServerOverStore(options: Omit<ApiServerOptions, 'etcdServers'> = {}): Promise<ApiServerOverStore> {
  const store = await startStore();
  const api = await startApiServer({ ...options, etcdServers: [store.endpoint] }).catch(async (err: unknown) => {
    await store.stop();
    throw err;
  });
  return {
    store,
    api,
    async stop() {
      await api.stop();
      await store.stop();
      rmSync(api.dataDir, { recursive: true, force: true });
      rmSync(store.dataDir, { recursive: true, force: true });
    },
  };
}
