import { rmSync } from 'node:fs';
import { startEtcd, startStore, type EtcdServer, type ServerOptions } from '@kubeling/testing';

/**
 * The server a robustness test runs against: Kubeling's store, or a real etcd when
 * STORE_TEST_TARGET=etcd. Running the same test against etcd proves the test itself right.
 */
export function startTarget(options: ServerOptions = {}): Promise<EtcdServer> {
  return process.env.STORE_TEST_TARGET === 'etcd' ? startEtcd(options) : startStore(options);
}

/** Stops the server (by its pid) and removes its temporary data dir. */
export async function disposeServer(server: EtcdServer): Promise<void> {
  await server.stop();
  rmSync(server.dataDir, { recursive: true, force: true });
}
