// kubeling scheduler: kube-scheduler's flags, one scheduling loop, run while this process
// holds the kube-system/kube-scheduler Lease.
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { ApiClient, EventRecorder, LeaderElector, LeaseLock, SharedInformerFactory, type KubeObject } from '@kubeling/client';
import { createLogger, FlagError } from '@kubeling/component-base';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import type { Logger } from 'pino';
import { SchedulerCache } from './cache/scheduler-cache.js';
import { addAllEventHandlers } from './event-handlers.js';
import { parseSchedulerFlags, type SchedulerFlags } from './flags.js';
import { ConfigError, defaultKubeSchedulerConfiguration, inTreeRegistry, loadKubeSchedulerConfiguration, newProfiles, type ClusterEvent, type Framework } from './framework/index.js';
import { informerListers } from './informer-listers.js';
import { PriorityQueue } from './queue/scheduling-queue.js';
import { Scheduler } from './scheduler.js';

function fail(message: string, code: number): never {
  process.stderr.write(`kubeling scheduler: ${message}\n`);
  process.exit(code);
}

function parseOrExit(): SchedulerFlags {
  try {
    return parseSchedulerFlags(process.argv.slice(2));
  } catch (err) {
    if (err instanceof FlagError) fail(err.message, 2);
    throw err;
  }
}

function loadConfig(flags: SchedulerFlags) {
  const registry = inTreeRegistry();
  if (!flags.config) return { registry, config: defaultKubeSchedulerConfiguration() };
  try {
    return { registry, config: loadKubeSchedulerConfiguration(readFileSync(flags.config, 'utf8'), registry) };
  } catch (err) {
    if (err instanceof ConfigError) fail(`invalid configuration in ${flags.config}: ${err.message}`, 2);
    throw err;
  }
}

/** All frameworks' registered events, merged by plugin, for the queue. */
function eventsToRegister(frameworks: ReadonlyMap<string, Framework>): Map<string, ClusterEvent[]> {
  const merged = new Map<string, ClusterEvent[]>();
  for (const framework of frameworks.values()) for (const [plugin, events] of framework.eventsToRegister()) merged.set(plugin, [...(merged.get(plugin) ?? []), ...events]);
  return merged;
}

/** Schedules while leading; a lost lease stops scheduling at once, and the process stands again as a candidate. */
function runWhileLeading(flags: SchedulerFlags, client: ApiClient, scheduler: Scheduler, log: Logger): LeaderElector | undefined {
  if (!flags.leaderElect) {
    void scheduler.run(new AbortController().signal);
    return undefined;
  }
  const identity = `${hostname()}_${randomUUID()}`;
  const elector = new LeaderElector({
    lock: new LeaseLock(client, flags.leaseNamespace, flags.leaseName, identity),
    leaseDurationMs: flags.leaseDurationMs,
    renewDeadlineMs: flags.renewDeadlineMs,
    retryPeriodMs: flags.retryPeriodMs,
    releaseOnCancel: true,
    logger: log,
    callbacks: {
      onStartedLeading: (signal) => {
        log.info({ identity }, 'started leading');
        void scheduler.run(signal);
      },
      onStoppedLeading: () => log.warn({ identity }, 'leaderelection lost; scheduling stopped'),
      onNewLeader: (leader) => log.info({ leader }, 'new leader'),
    },
  });
  const campaign = (): void => {
    elector.run().then(() => {
      if (!stopping) campaign();
    }, (err: unknown) => log.error({ err }, 'leader election failed'));
  };
  campaign();
  return elector;
}

let stopping = false;

async function main(): Promise<void> {
  const flags = parseOrExit();
  const log = createLogger('scheduler', flags.logLevel);
  const { registry, config } = loadConfig(flags);
  const client = ApiClient.fromKubeconfig(flags.kubeconfig);
  const factory = new SharedInformerFactory(client, { logger: log });
  const frameworks = newProfiles(config, registry, informerListers(factory), client);
  const cache = new SchedulerCache();
  const queue = new PriorityQueue(eventsToRegister(frameworks));
  const pods = factory.informerFor<Pod & KubeObject>({ version: 'v1', resource: 'pods' });
  const nodes = factory.informerFor<Node & KubeObject>({ version: 'v1', resource: 'nodes' });
  addAllEventHandlers(cache, queue, new Set(frameworks.keys()), pods, nodes);
  const recorder = new EventRecorder(client, { source: { component: 'default-scheduler' }, logger: log });
  const scheduler = new Scheduler({ client, recorder, frameworks, queue, cache, log });
  factory.start();
  await factory.waitForCacheSync();
  queue.run();
  log.info({ profiles: [...frameworks.keys()], nodes: cache.nodeCount }, 'caches synced');
  const elector = runWhileLeading(flags, client, scheduler, log);

  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    queue.close();
    await elector?.stop();
    await scheduler.drain();
    await recorder.flush();
    factory.shutdown();
    client.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((err) => fail(err instanceof Error ? err.message : String(err), 1));
