import { mkdirSync } from 'node:fs';
import { DEFAULT_QUOTA_BYTES, Quota } from './maintenance/quota.js';
import { FlagError, parseStoreFlags } from './flags.js';
import { Lessor } from './lease/lessor.js';
import { createLogger } from './logger.js';
import { Backend } from './mvcc/backend.js';
import { Compactor, compactionPolicy } from './mvcc/compactor.js';
import { MvccStore } from './mvcc/kv-store.js';
import { startGrpcServer } from './server/grpc-server.js';
import { IDENTITY_KEY, loadIdentity, responseHeader } from './server/identity.js';
import type { StoreContext } from './store-context.js';
import { WatchableStore } from './watch/watchable-store.js';

async function main(): Promise<void> {
  let flags;
  try {
    flags = parseStoreFlags(process.argv.slice(2));
  } catch (err) {
    if (err instanceof FlagError) {
      process.stderr.write(`kubeling store: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const log = createLogger(flags.logLevel);
  const policy = compactionPolicy(flags.autoCompactionMode, flags.autoCompactionRetention);
  const quotaBytes = flags.quotaBackendBytes > 0 ? flags.quotaBackendBytes : DEFAULT_QUOTA_BYTES;

  mkdirSync(flags.dataDir, { recursive: true });
  const backend = await Backend.open(flags.dataDir, { mapSize: Math.max(4 * 1024 ** 3, 2 * quotaBytes) });
  const mvcc = new MvccStore(backend, log);
  const { identity, fresh } = loadIdentity(backend, flags.name);
  if (fresh) await mvcc.persist([{ db: 'meta', key: IDENTITY_KEY, value: fresh }]);
  const lessor = new Lessor(mvcc, log);
  const watchable = new WatchableStore(mvcc, { header: (rev) => responseHeader(identity, rev), progressNotifyIntervalMs: flags.progressNotifyIntervalMs }, log);
  const ctx: StoreContext = {
    mvcc,
    lessor,
    watchable,
    quota: new Quota(mvcc, quotaBytes, log),
    identity,
    limits: { maxRequestBytes: flags.maxRequestBytes, maxTxnOps: flags.maxTxnOps },
    log,
  };
  const compactor = new Compactor(mvcc, policy, log);
  const { server } = await startGrpcServer(ctx, flags);
  lessor.start();
  compactor.start();
  log.info({ name: flags.name, dataDir: flags.dataDir, clientUrls: flags.listenClientUrls, memberId: identity.memberId.toString(16), quotaBytes }, 'serving client requests');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    compactor.stop();
    lessor.stop();
    watchable.stop();
    // Open watch and keep-alive streams are cut: answered writes are durable already.
    await server.close();
    await mvcc.pipeline.drain();
    await backend.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((err) => {
  process.stderr.write(`kubeling store: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
