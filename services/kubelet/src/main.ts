// The kubelet: node --import tsx services/kubelet/src/main.ts --kubeconfig <path> [flags]
// (kubelet/flags.ts). Unless --container-runtime-endpoint names another socket, it serves
// its own dockershim on <root-dir>/dockershim.sock and talks to it over CRI like any runtime.
import { mkdirSync } from 'node:fs';
import { ApiClient } from '@kubeling/client';
import { createLogger, FlagError } from '@kubeling/component-base';
import { RuntimeClient } from './cri/runtime-client.js';
import { startDockershim, type Dockershim } from './dockershim/index.js';
import { parseKubeletFlags, type KubeletFlags } from './kubelet/flags.js';
import { Kubelet } from './kubelet/kubelet.js';

function parseFlagsOrExit(): KubeletFlags {
  try {
    return parseKubeletFlags(process.argv.slice(2));
  } catch (err) {
    if (!(err instanceof FlagError)) throw err;
    process.stderr.write(`kubeling kubelet: ${err.message}\n`);
    process.exit(2);
  }
}

async function main(): Promise<void> {
  const flags = parseFlagsOrExit();
  const log = createLogger('kubelet', flags.logLevel);
  // A failure anywhere below is logged, never the end of the process (the kubelet retries).
  process.on('unhandledRejection', (err) => log.error({ err }, 'unhandled rejection'));
  mkdirSync(flags.rootDir, { recursive: true });
  let dockershim: Dockershim | undefined;
  if (flags.inProcessRuntime) {
    dockershim = await startDockershim({
      socketPath: flags.containerRuntimeEndpoint.slice('unix://'.length),
      clusterName: flags.clusterName,
      nodeName: flags.nodeName,
      network: flags.dockerNetwork,
      networkSubnet: flags.clusterCidr,
      logger: log,
    });
  }
  const client = ApiClient.fromKubeconfig(flags.kubeconfig);
  const runtime = RuntimeClient.connect(flags.containerRuntimeEndpoint);
  const kubelet = new Kubelet(flags, client, runtime, log);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    await kubelet.stop();
    runtime.close();
    await dockershim?.stop();
    client.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));

  await kubelet.start();
}

main().catch((err: unknown) => {
  process.stderr.write(`kubeling kubelet: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
