import { isDeepStrictEqual } from 'node:util';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { AssignedPodAdd, AssignedPodUpdate, type ClusterEvent, isWildCard, UnschedulableTimeout } from '../framework/events.js';
import { clusterEventMatches } from './cluster-event.js';
import { type Clock, realClock, type Ticker } from './clock.js';
import { Heap, type LessFunc } from './heap.js';
import { PodBackoff } from './pod-backoff.js';
import { prioritySortLess } from './priority-sort.js';
import { podKey } from '../framework/pod-info.js';
import type { QueuedPodInfo } from './queued-pod-info.js';

export const DEFAULT_POD_INITIAL_BACKOFF_SECONDS = 1;
export const DEFAULT_POD_MAX_BACKOFF_SECONDS = 10;
export const DEFAULT_POD_MAX_IN_UNSCHEDULABLE_PODS_DURATION_MS = 5 * 60_000;
const BACKOFF_FLUSH_INTERVAL_MS = 1_000;
const UNSCHEDULABLE_FLUSH_INTERVAL_MS = 30_000;

// Plugins whose verdict depends on the pods already placed in a topology domain, so a pod being
// assigned may lift it. PodTopologySpread only counts pods of the pod's own namespace.
const INTER_POD_AFFINITY = 'InterPodAffinity';
const POD_TOPOLOGY_SPREAD = 'PodTopologySpread';

/** Filters the pods a cluster event may move, e.g. to those that fit the node that was added. */
export type PreEnqueueCheck = (pod: Pod) => boolean;

export interface PriorityQueueOptions {
  clock?: Clock;
  /** The QueueSort plugin's Less; PrioritySort by default. */
  lessFn?: LessFunc<QueuedPodInfo>;
  podInitialBackoffSeconds?: number;
  podMaxBackoffSeconds?: number;
  /** How long (ms) a pod may stay in unschedulablePods before it is retried without any event. */
  podMaxInUnschedulablePodsDuration?: number;
}

/** What the queue holds, for debugging; the counts per sub-queue are the lengths. */
export interface PendingPods {
  activeQ: Pod[];
  backoffQ: Pod[];
  unschedulablePods: Pod[];
}

/**
 * A popped pod whose scheduling cycle has not ended. Events about it wait here, so that it is not
 * scheduled twice at once and no change that arrives during its cycle is lost.
 */
interface InFlightPod {
  /** The latest version of the pod. */
  pod: Pod;
  /** An update that may make it schedulable arrived during the cycle. */
  updated: boolean;
  deleted: boolean;
}

/**
 * kube-scheduler's PriorityQueue. A pending pod is in at most one of three sub-queues: activeQ,
 * the pods ready to be tried, highest priority first; podBackoffQ, the pods that failed and wait
 * out their backoff; unschedulablePods, the pods that failed and wait for a cluster event that
 * one of the plugins that rejected them registered.
 */
export class PriorityQueue {
  private readonly activeQ: Heap<QueuedPodInfo>;
  private readonly podBackoffQ: Heap<QueuedPodInfo>;
  private readonly unschedulablePods = new Map<string, QueuedPodInfo>();
  private readonly inFlightPods = new Map<string, InFlightPod>();
  private readonly waiters: ((podInfo: QueuedPodInfo | undefined) => void)[] = [];
  private readonly tickers: Ticker[] = [];
  private readonly clock: Clock;
  private readonly backoff: PodBackoff;
  private readonly podMaxInUnschedulablePodsDuration: number;
  /** kube-scheduler's schedulingCycle: counts pops. */
  private cycle = 0;
  /** The cycle in which the last move request arrived: a pod failing in it may have missed that event. */
  private moveRequestCycle = -1;
  private closed = false;

  /**
   * @param eventsToRegister each plugin's name → the cluster events that may make a pod it
   *   rejected schedulable (its EventsToRegister).
   */
  constructor(
    private readonly eventsToRegister: ReadonlyMap<string, readonly ClusterEvent[]>,
    options: PriorityQueueOptions = {},
  ) {
    this.clock = options.clock ?? realClock;
    this.activeQ = new Heap((podInfo) => podKey(podInfo.pod), options.lessFn ?? prioritySortLess);
    this.backoff = new PodBackoff(
      (options.podInitialBackoffSeconds ?? DEFAULT_POD_INITIAL_BACKOFF_SECONDS) * 1000,
      (options.podMaxBackoffSeconds ?? DEFAULT_POD_MAX_BACKOFF_SECONDS) * 1000,
    );
    this.podBackoffQ = new Heap((podInfo) => podKey(podInfo.pod), (a, b) => this.backoff.expiry(a) < this.backoff.expiry(b));
    this.podMaxInUnschedulablePodsDuration = options.podMaxInUnschedulablePodsDuration ?? DEFAULT_POD_MAX_IN_UNSCHEDULABLE_PODS_DURATION_MS;
  }

  /** Starts the periodic flushes: ended backoffs every second, long-unschedulable pods every 30 s. */
  run(): void {
    this.tickers.push(
      this.clock.setInterval(() => this.flushBackoffQCompleted(), BACKOFF_FLUSH_INTERVAL_MS),
      this.clock.setInterval(() => this.flushUnschedulablePodsLeftover(), UNSCHEDULABLE_FLUSH_INTERVAL_MS),
    );
  }

  /** Stops the flushes; pending and later pops resolve undefined. */
  close(): void {
    this.closed = true;
    for (const ticker of this.tickers.splice(0)) ticker.stop();
    for (const waiter of this.waiters.splice(0)) waiter(undefined);
  }

  /** A new pending pod. One the queue already knows (an informer replaying it) is an update of it. */
  add(pod: Pod): void {
    const known = this.knownPod(podKey(pod));
    if (known !== undefined) this.update(known, pod);
    else this.addToActiveQ(this.newQueuedPodInfo(pod));
  }

  /**
   * A change to a pending pod. Queued in activeQ or podBackoffQ, it is updated in place; in
   * unschedulablePods, it is retried if the change may make it schedulable; in flight, the change
   * is kept for when its cycle ends; unknown, it is added.
   */
  update(oldPod: Pod, newPod: Pod): void {
    const key = podKey(newPod);
    const inFlight = this.inFlightPods.get(key);
    if (inFlight !== undefined) {
      inFlight.pod = newPod;
      inFlight.updated ||= isPodUpdated(oldPod, newPod);
      return;
    }
    for (const queue of [this.activeQ, this.podBackoffQ]) {
      const podInfo = queue.get(key);
      if (podInfo === undefined) continue;
      podInfo.pod = newPod;
      // Adding it again restores the order: its priority may have changed.
      queue.add(podInfo);
      return;
    }
    const podInfo = this.unschedulablePods.get(key);
    if (podInfo === undefined) {
      this.addToActiveQ(this.newQueuedPodInfo(newPod));
      return;
    }
    podInfo.pod = newPod;
    if (isPodUpdated(oldPod, newPod)) {
      this.unschedulablePods.delete(key);
      this.moveToActiveOrBackoffQueue(podInfo);
    }
  }

  /** The pod is gone, or no longer pending; one in flight is not queued again when its cycle fails. */
  delete(pod: Pod): void {
    const key = podKey(pod);
    this.activeQ.delete(key);
    this.podBackoffQ.delete(key);
    this.unschedulablePods.delete(key);
    const inFlight = this.inFlightPods.get(key);
    if (inFlight !== undefined) inFlight.deleted = true;
  }

  /**
   * The next pod to schedule, starting a scheduling cycle; waits while activeQ is empty. Resolves
   * undefined once the queue is closed. The pod is in flight until done() or
   * addUnschedulableIfNotPresent().
   */
  pop(): Promise<QueuedPodInfo | undefined> {
    if (this.closed) return Promise.resolve(undefined);
    if (this.activeQ.length > 0) return Promise.resolve(this.popActive());
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** The current scheduling cycle: read it right after pop() to get the popped pod's. */
  schedulingCycle(): number {
    return this.cycle;
  }

  /**
   * A popped pod that failed to schedule. If a move request arrived since its cycle began, the
   * event it missed may have made it schedulable: it waits out its backoff only. Otherwise it
   * waits in unschedulablePods for an event. It is no longer in flight either way.
   */
  addUnschedulableIfNotPresent(podInfo: QueuedPodInfo, podSchedulingCycle: number): void {
    const key = podKey(podInfo.pod);
    const inFlight = this.inFlightPods.get(key);
    this.inFlightPods.delete(key);
    // A pod deleted meanwhile is gone; one already queued (it was never popped) keeps its entry.
    if (inFlight?.deleted === true || this.isQueued(key)) return;
    if (inFlight !== undefined) podInfo.pod = inFlight.pod;
    // The backoff counts from this failure.
    podInfo.timestamp = this.clock.now();
    if (this.moveRequestCycle >= podSchedulingCycle || inFlight?.updated === true) this.podBackoffQ.add(podInfo);
    else this.unschedulablePods.set(key, podInfo);
  }

  /** The popped pod's cycle ended without sending it back (it was bound, or given up on). */
  done(uid: string): void {
    this.inFlightPods.delete(uid);
  }

  /**
   * A cluster event that may make pods schedulable: each unschedulable pod that passes `preCheck`
   * and was rejected by a plugin that registered the event is retried. Pods in flight learn of it
   * through moveRequestCycle.
   */
  moveAllToActiveOrBackoffQueue(event: ClusterEvent, preCheck?: PreEnqueueCheck): void {
    const podInfos = [...this.unschedulablePods.values()].filter((podInfo) => preCheck === undefined || preCheck(podInfo.pod));
    this.movePodsToActiveOrBackoffQueue(podInfos, event);
  }

  /** A pod was bound: pods rejected for where other pods are may now fit. */
  assignedPodAdded(pod: Pod): void {
    this.movePodsToActiveOrBackoffQueue(this.getUnschedulablePodsWithCrossTopologyTerm(pod), AssignedPodAdd);
  }

  /** A bound pod changed; affinity and spreading only see its labels. */
  assignedPodUpdated(oldPod: Pod, newPod: Pod): void {
    if (isDeepStrictEqual(oldPod.metadata?.labels ?? {}, newPod.metadata?.labels ?? {})) return;
    this.movePodsToActiveOrBackoffQueue(this.getUnschedulablePodsWithCrossTopologyTerm(newPod), AssignedPodUpdate);
  }

  pendingPods(): PendingPods {
    return {
      activeQ: this.activeQ.list().map((podInfo) => podInfo.pod),
      backoffQ: this.podBackoffQ.list().map((podInfo) => podInfo.pod),
      unschedulablePods: [...this.unschedulablePods.values()].map((podInfo) => podInfo.pod),
    };
  }

  private newQueuedPodInfo(pod: Pod): QueuedPodInfo {
    return { pod, timestamp: this.clock.now(), attempts: 0, unschedulablePlugins: new Set() };
  }

  private knownPod(key: string): Pod | undefined {
    const podInfo = this.activeQ.get(key) ?? this.podBackoffQ.get(key) ?? this.unschedulablePods.get(key);
    return podInfo?.pod ?? this.inFlightPods.get(key)?.pod;
  }

  private isQueued(key: string): boolean {
    return this.activeQ.has(key) || this.podBackoffQ.has(key) || this.unschedulablePods.has(key);
  }

  private addToActiveQ(podInfo: QueuedPodInfo): void {
    this.activeQ.add(podInfo);
    this.handToWaiters();
  }

  /** Gives waiting pops the pods now active. */
  private handToWaiters(): void {
    while (this.waiters.length > 0 && this.activeQ.length > 0) this.waiters.shift()!(this.popActive());
  }

  private popActive(): QueuedPodInfo {
    const podInfo = this.activeQ.pop()!;
    podInfo.attempts++;
    podInfo.initialAttemptTimestamp ??= this.clock.now();
    this.cycle++;
    this.inFlightPods.set(podKey(podInfo.pod), { pod: podInfo.pod, updated: false, deleted: false });
    return podInfo;
  }

  private movePodsToActiveOrBackoffQueue(podInfos: QueuedPodInfo[], event: ClusterEvent): void {
    for (const podInfo of podInfos) {
      if (podInfo.unschedulablePlugins.size > 0 && !this.podMatchesEvent(podInfo, event)) continue;
      this.unschedulablePods.delete(podKey(podInfo.pod));
      this.moveToActiveOrBackoffQueue(podInfo);
    }
    this.moveRequestCycle = this.cycle;
  }

  private moveToActiveOrBackoffQueue(podInfo: QueuedPodInfo): void {
    if (this.isPodBackingoff(podInfo)) this.podBackoffQ.add(podInfo);
    else this.addToActiveQ(podInfo);
  }

  /** Whether one of the plugins that rejected the pod registered an event that covers this one. */
  private podMatchesEvent(podInfo: QueuedPodInfo, event: ClusterEvent): boolean {
    if (isWildCard(event)) return true;
    for (const plugin of podInfo.unschedulablePlugins) {
      const registered = this.eventsToRegister.get(plugin) ?? [];
      if (registered.some((registeredEvent) => clusterEventMatches(registeredEvent, event))) return true;
    }
    return false;
  }

  /**
   * The unschedulable pods that an assigned pod may help: those InterPodAffinity rejected, and
   * those PodTopologySpread rejected in the assigned pod's namespace. A simplification of
   * kube-scheduler's, which matches the assigned pod against each pod's affinity terms.
   */
  private getUnschedulablePodsWithCrossTopologyTerm(assignedPod: Pod): QueuedPodInfo[] {
    const namespace = assignedPod.metadata?.namespace;
    return [...this.unschedulablePods.values()].filter(
      (podInfo) =>
        podInfo.unschedulablePlugins.has(INTER_POD_AFFINITY) ||
        (podInfo.unschedulablePlugins.has(POD_TOPOLOGY_SPREAD) && podInfo.pod.metadata?.namespace === namespace),
    );
  }

  private isPodBackingoff(podInfo: QueuedPodInfo): boolean {
    return this.backoff.expiry(podInfo) > this.clock.now();
  }

  private flushBackoffQCompleted(): void {
    for (let podInfo = this.podBackoffQ.peek(); podInfo !== undefined && !this.isPodBackingoff(podInfo); podInfo = this.podBackoffQ.peek()) {
      this.podBackoffQ.pop();
      this.addToActiveQ(podInfo);
    }
  }

  /** Retries pods no event has moved for podMaxInUnschedulablePodsDuration: events can be missed. */
  private flushUnschedulablePodsLeftover(): void {
    const now = this.clock.now();
    const podsToMove = [...this.unschedulablePods.values()].filter((podInfo) => now - podInfo.timestamp > this.podMaxInUnschedulablePodsDuration);
    if (podsToMove.length > 0) this.movePodsToActiveOrBackoffQueue(podsToMove, UnschedulableTimeout);
  }
}

/** Whether an update changed more than bookkeeping and status, so it may change where the pod fits (isPodUpdated). */
function isPodUpdated(oldPod: Pod, newPod: Pod): boolean {
  return !isDeepStrictEqual(withoutBookkeeping(oldPod), withoutBookkeeping(newPod));
}

function withoutBookkeeping(pod: Pod): Pod {
  const { resourceVersion, generation, managedFields, finalizers, ...metadata } = pod.metadata ?? {};
  return { ...pod, metadata, status: undefined };
}
