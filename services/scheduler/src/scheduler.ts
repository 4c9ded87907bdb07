// The scheduling loop (kube-scheduler's schedule_one.go): one pod at a time through the
// framework against the cache, assumed onto the chosen node at once, then bound in the
// background so the next pod need not wait for the apiserver.
import type { ApiClient, EventRecorder, KubeObject } from '@kubeling/client';
import { isNotFound } from '@kubeling/client';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { Logger } from 'pino';
import type { SchedulerCache } from './cache/scheduler-cache.js';
import { CycleState } from './framework/cycle-state.js';
import { FitError } from './framework/fit-error.js';
import type { Framework } from './framework/framework.js';
import { SchedulingAlgorithm } from './framework/schedule-pod.js';
import { Status } from './framework/status.js';
import { unschedulableCondition } from './pod-condition.js';
import type { QueuedPodInfo } from './queue/queued-pod-info.js';
import type { PriorityQueue } from './queue/scheduling-queue.js';

export interface SchedulerOptions {
  client: ApiClient;
  recorder: EventRecorder;
  /** One framework per profile, by schedulerName. */
  frameworks: ReadonlyMap<string, Framework>;
  queue: PriorityQueue;
  cache: SchedulerCache;
  log: Logger;
  /** Bindings in flight at once; the loop waits for a slot (parallelism in kube-scheduler's terms). */
  maxInFlightBindings?: number;
}

const podName = (pod: Pod) => `${pod.metadata?.namespace}/${pod.metadata?.name}`;
/** kubernetes-types' Pod has no index signature; the client takes any object. */
const asObject = (pod: Pod) => pod as KubeObject;
const podUid = (pod: Pod) => pod.metadata?.uid ?? podName(pod);

export class Scheduler {
  private readonly algorithm = new SchedulingAlgorithm();
  private readonly bindings = new Set<Promise<void>>();
  private readonly maxInFlight: number;

  constructor(private readonly o: SchedulerOptions) {
    this.maxInFlight = o.maxInFlightBindings ?? 256;
  }

  /** Schedules until `signal` aborts (leadership lost, shutdown) or the queue closes. */
  async run(signal: AbortSignal): Promise<void> {
    const aborted = new Promise<undefined>((resolve) => signal.addEventListener('abort', () => resolve(undefined), { once: true }));
    while (!signal.aborted) {
      const popped = this.o.queue.pop();
      const info = await Promise.race([popped, aborted]);
      if (signal.aborted) {
        // The pop still waits in the queue: a pod it hands out later goes back for the next leader.
        void popped.then((late) => late && this.giveBack(late));
        break;
      }
      if (!info) break;
      this.scheduleOne(info, this.o.queue.schedulingCycle());
      while (this.bindings.size >= this.maxInFlight) await Promise.race(this.bindings);
    }
  }

  private giveBack(info: QueuedPodInfo): void {
    this.o.queue.done(podUid(info.pod));
    this.o.queue.add(info.pod);
  }

  /** Resolves when the bindings started so far have finished. */
  async drain(): Promise<void> {
    await Promise.all(this.bindings);
  }

  /** The scheduling cycle: synchronous from snapshot to assumption, so no event interleaves. */
  private scheduleOne(info: QueuedPodInfo, cycle: number): void {
    const pod = info.pod;
    const framework = this.o.frameworks.get(pod.spec?.schedulerName ?? 'default-scheduler');
    if (!framework || pod.metadata?.deletionTimestamp || this.o.cache.has(pod)) {
      this.o.queue.done(podUid(pod));
      return;
    }
    const state = new CycleState();
    const result = this.algorithm.schedulePod(framework, state, pod, this.o.cache.snapshot());
    if (result instanceof FitError) return this.failed(info, cycle, result.message(), result.diagnosis.unschedulablePlugins);
    if (result instanceof Status) return this.failed(info, cycle, result.message(), new Set());
    const host = result.suggestedHost;
    const assumed: Pod = { ...pod, spec: { ...pod.spec!, nodeName: host } };
    this.o.cache.assumePod(assumed);
    const reserved = framework.runReservePluginsReserve(state, assumed, host);
    if (!reserved.isSuccess()) {
      framework.runReservePluginsUnreserve(state, assumed, host);
      this.o.cache.forgetPod(assumed);
      return this.failed(info, cycle, reserved.message(), new Set(reserved.plugin ? [reserved.plugin] : []));
    }
    this.o.queue.done(podUid(pod));
    const binding = this.bind(framework, state, info, assumed, host);
    this.bindings.add(binding);
    void binding.finally(() => this.bindings.delete(binding));
  }

  /** The binding cycle: the bind plugins, then the Scheduled event; a failure undoes the assumption. */
  private async bind(framework: Framework, state: CycleState, info: QueuedPodInfo, assumed: Pod, host: string): Promise<void> {
    const pod = info.pod;
    const status = await framework.runBindPlugins(state, assumed, host);
    if (status.isSuccess()) {
      this.o.log.debug({ pod: podName(pod), node: host, attempts: info.attempts }, 'bound');
      this.o.recorder.event(asObject(pod), 'Normal', 'Scheduled', `Successfully assigned ${podName(pod)} to ${host}`);
      return;
    }
    framework.runReservePluginsUnreserve(state, assumed, host);
    this.o.cache.forgetPod(assumed);
    // A pod deleted meanwhile needs nothing more.
    if (isNotFound(status.cause)) return;
    const message = status.isSkip() ? 'no bind plugin bound the pod' : status.message();
    this.o.log.warn({ pod: podName(pod), node: host, err: message }, 'binding failed');
    this.o.recorder.event(asObject(pod), 'Warning', 'FailedScheduling', `Binding rejected: ${message}`);
    this.o.queue.addUnschedulableIfNotPresent(info, this.o.queue.schedulingCycle());
  }

  /** A pod that fits nowhere: back to the queue, its PodScheduled condition and a FailedScheduling event. */
  private failed(info: QueuedPodInfo, cycle: number, message: string, plugins: ReadonlySet<string>): void {
    const pod = info.pod;
    info.unschedulablePlugins = new Set(plugins);
    this.o.queue.addUnschedulableIfNotPresent(info, cycle);
    this.o.log.info({ pod: podName(pod), attempts: info.attempts, reason: message }, 'unschedulable');
    this.o.recorder.event(asObject(pod), 'Warning', 'FailedScheduling', message);
    const condition = unschedulableCondition(pod, message, new Date());
    if (!condition) return;
    const ref = { version: 'v1', resource: 'pods', namespace: pod.metadata?.namespace, name: pod.metadata?.name, subresource: 'status' };
    this.o.client.patch(ref, 'strategic', { status: { conditions: [condition] } }).catch((err: unknown) => {
      if (!isNotFound(err)) this.o.log.warn({ pod: podName(pod), err: (err as Error).message }, 'could not update the PodScheduled condition');
    });
  }
}
