// kubeling controller-manager: kube-controller-manager's flags; the enabled controllers run
// while this process holds the kube-system/kube-controller-manager Lease.
import { ApiClient, campaign, SharedInformerFactory } from '@kubeling/client';
import { createLogger, FlagError } from '@kubeling/component-base';
import { enabledControllers, type ControllerContext, type RunningController } from './controllers.js';
import { parseControllerManagerFlags, type ControllerManagerFlags } from './flags.js';

function fail(message: string, code: number): never {
  process.stderr.write(`kubeling controller-manager: ${message}\n`);
  process.exit(code);
}

function parseOrExit(): { flags: ControllerManagerFlags; descriptors: ReturnType<typeof enabledControllers> } {
  try {
    const flags = parseControllerManagerFlags(process.argv.slice(2));
    return { flags, descriptors: enabledControllers(flags.controllers) };
  } catch (err) {
    fail((err as Error).message, 2);
  }
}

async function main(): Promise<void> {
  const { flags, descriptors } = parseOrExit();
  const log = createLogger('controller-manager', flags.logLevel);
  const client = ApiClient.fromKubeconfig(flags.kubeconfig);
  let running: RunningController[] = [];

  /** Fresh informers and controllers for each term of leadership, all stopped the moment it ends. */
  const lead = (signal: AbortSignal): void => {
    const factory = new SharedInformerFactory(client, { logger: log });
    const ctx: ControllerContext = { client, factory, flags, log };
    const controllers = descriptors.map((d) => d.start(ctx)).filter((c): c is RunningController => c !== undefined);
    running = controllers;
    signal.addEventListener('abort', () => {
      for (const c of controllers) c.stop();
      factory.shutdown();
    }, { once: true });
    factory.start();
    void factory.waitForCacheSync(signal).then((synced) => {
      if (!synced) return;
      log.info({ controllers: descriptors.map((d) => d.name) }, 'caches synced; controllers running');
      for (const c of controllers) void c.run();
    });
  };
  let leadership: { stop(): Promise<void> } | undefined;
  if (flags.leaderElect) {
    const { leaseNamespace: namespace, leaseName: name, leaseDurationMs, renewDeadlineMs, retryPeriodMs } = flags;
    leadership = campaign(client, { namespace, name, leaseDurationMs, renewDeadlineMs, retryPeriodMs, lead, logger: log });
  } else {
    lead(new AbortController().signal);
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    for (const c of running) c.stop();
    await leadership?.stop();
    client.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((err) => fail(err instanceof Error ? err.message : String(err), 1));
