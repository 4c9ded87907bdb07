// A process of hollow nodes: node --import tsx services/kubelet/src/hollow/main.ts
//   --kubeconfig <path> --count N [--grpc-server host:port] [flags.ts for the rest]
import { createLogger, FlagError } from '@kubeling/component-base';
import { parseHollowNodeFlags, type HollowNodeFlags } from './flags.js';
import { HollowNodes } from './hollow-nodes.js';
import { apiClientFromKubeconfig } from './kubeconfig-client.js';

function parseFlagsOrExit(): HollowNodeFlags {
  try {
    return parseHollowNodeFlags(process.argv.slice(2));
  } catch (err) {
    if (!(err instanceof FlagError)) throw err;
    process.stderr.write(`kubeling hollow-node: ${err.message}\n`);
    process.exit(2);
  }
}

async function main(): Promise<void> {
  const flags = parseFlagsOrExit();
  const log = createLogger('hollow-node', flags.logLevel);
  const client = apiClientFromKubeconfig(flags.kubeconfig, flags.grpcServer);
  const nodes = new HollowNodes(client, {
    count: flags.count,
    namePrefix: flags.namePrefix,
    capacity: flags.capacity,
    labels: flags.nodeLabels,
    zones: flags.zones,
    taints: flags.registerWithTaints,
    nodeStatusUpdateFrequencyMs: flags.nodeStatusUpdateFrequencyMs,
    nodeLeaseRenewIntervalMs: flags.nodeLeaseRenewIntervalMs,
    nodeLeaseDurationSeconds: flags.nodeLeaseDurationSeconds,
    log,
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    await nodes.stop();
    client.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));

  await nodes.start();
  log.info({ count: flags.count, namePrefix: flags.namePrefix, grpcServer: flags.grpcServer }, 'hollow nodes running');
}

main().catch((err: unknown) => {
  process.stderr.write(`kubeling hollow-node: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
