// kubeling scheduler: kube-scheduler's flags, one scheduling loop, run while this process
// holds the kube-system/kube-scheduler Lease.
import { readFileSync } from 'node:fs';
import { ApiClient, campaign, EventRecorder, SharedInformerFactory, type KubeObject } from '@kubeling/client';
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

/** Schedules while leading (or always, without --leader-elect); a lost lease stops scheduling at once. */
function runWhileLeading(flags: SchedulerFlags, client: ApiClient, scheduler: Scheduler, log: Logger): { stop(): Promise<void> } | undefined {
  if (!flags.leaderElect) {
    void scheduler.run(new AbortController().signal);
    return undefined;
  }
  return campaign(client, {
    namespace: flags.leaseNamespace,
    name: flags.leaseName,
    leaseDurationMs: flags.leaseDurationMs,
    renewDeadlineMs: flags.renewDeadlineMs,
    retryPeriodMs: flags.retryPeriodMs,
    lead: (signal) => void scheduler.run(signal),
    logger: log,
  });
}

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

  let stopping = false;
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
