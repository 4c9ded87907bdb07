// The pod side of a hollow kubelet: pods bound to its nodes are reported running at once
// (their containers exist only here) and pods being deleted are confirmed gone, as the
// kubelet does once their containers stopped.
import { isConflict, isNotFound, Watcher, type ApiClient, type KubeObject, type WatchEventType } from '@kubeling/client';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { Logger } from 'pino';
import type { ConcurrencyLimit } from './concurrency-limit.js';
import { rfc3339 } from '@kubeling/api/meta-time';
import { IpAllocator } from '../network/ip-allocator.js';
import { podKey } from '../kubelet/pod-key.js';
import { podCidr } from './pod-cidr.js';
import { runningStatusPatch } from './pod-status.js';

type PodObject = Pod & KubeObject;

/** Pods bound to any node: one watch serves every node of the process, whatever their number. */
const BOUND_PODS = 'spec.nodeName!=';

/** How long a failed list waits before it is tried again. */
const RELIST_DELAY_MS = 1000;

const podsRef = (namespace?: string, name?: string, subresource?: string) => ({ version: 'v1', resource: 'pods', namespace, name, subresource });

/** What the process knows of a pod on one of its nodes. */
interface PodRecord {
  nodeName: string;
  podIP?: string;
  /** Reported running (or found running or finished): nothing more to do until it is deleted. */
  started: boolean;
}

export class HollowPodSync {
  private readonly allocators = new Map<string, IpAllocator>();
  /** By pod uid. */
  private readonly pods = new Map<string, PodRecord>();
  /** The latest version of a pod that its worker has yet to handle, by uid. */
  private readonly pending = new Map<string, PodObject>();
  private readonly workers = new Map<string, Promise<void>>();
  private watcher?: Watcher<PodObject>;
  private relistTimer?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    private readonly client: ApiClient,
    /** Each node of the process by name, with its index (which fixes its pod IP range). */
    private readonly nodeIndexes: ReadonlyMap<string, number>,
    private readonly podCalls: ConcurrencyLimit,
    private readonly log: Logger,
  ) {}

  /** Lists the bound pods (handling those on our nodes) and watches from there. */
  async start(): Promise<void> {
    await this.listAndWatch();
  }

  /** Stops watching and waits for the pod writes in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.relistTimer);
    this.watcher?.stop();
    this.pending.clear();
    await Promise.all(this.workers.values());
  }

  private async listAndWatch(): Promise<void> {
    const list = await this.client.list<PodObject>(podsRef(), { fieldSelector: BOUND_PODS });
    if (this.stopped) return;
    const listed = new Set<string>();
    for (const pod of list.items.filter((p) => this.isOurs(p))) {
      listed.add(pod.metadata!.uid!);
      this.update(pod);
    }
    // After a 410 the watch missed some deletions: a pod not listed any more is gone.
    for (const uid of this.pods.keys()) if (!listed.has(uid)) this.forget(uid);
    this.watcher = new Watcher<PodObject>(this.client, podsRef(), { fieldSelector: BOUND_PODS, resourceVersion: list.resourceVersion }, {
      onEvent: (type, pod) => this.onEvent(type, pod),
      onGone: () => this.relist(),
    });
  }

  private relist(): void {
    if (this.stopped) return;
    this.log.info('pod watch expired; listing again');
    this.listAndWatch().catch((err: unknown) => {
      this.log.warn({ err }, 'listing pods failed; trying again');
      this.relistTimer = setTimeout(() => this.relist(), RELIST_DELAY_MS);
    });
  }

  private onEvent(type: WatchEventType, pod: PodObject): void {
    if (!this.isOurs(pod)) return;
    if (type === 'DELETED') {
      this.forget(pod.metadata!.uid!);
      this.log.debug({ pod: podKey(pod), node: pod.spec?.nodeName }, 'pod deleted');
      return;
    }
    this.update(pod);
  }

  private isOurs(pod: Pod): boolean {
    return this.nodeIndexes.has(pod.spec?.nodeName ?? '');
  }

  /**
   * Hands a pod's latest version to its worker, one worker per pod as the kubelet's pod
   * workers: a pod's updates are handled in order, and of those that arrive while one is
   * being handled only the latest.
   */
  private update(pod: PodObject): void {
    if (this.stopped) return;
    const uid = pod.metadata!.uid!;
    this.pending.set(uid, pod);
    if (!this.workers.has(uid)) this.workers.set(uid, this.work(uid));
  }

  private async work(uid: string): Promise<void> {
    for (let pod = this.pending.get(uid); pod !== undefined; pod = this.pending.get(uid)) {
      this.pending.delete(uid);
      const key = podKey(pod);
      await this.sync(pod).catch((err: unknown) => this.log.warn({ err, pod: key }, 'syncing pod failed'));
    }
    this.workers.delete(uid);
  }

  private async sync(pod: PodObject): Promise<void> {
    if (pod.metadata?.deletionTimestamp) return this.confirmDeletion(pod);
    const record = this.recordOf(pod);
    if (!record.started) await this.markRunning(pod, record);
  }

  /** The pod's record, made on first sight; a pod found running keeps its IP and is left alone. */
  private recordOf(pod: PodObject): PodRecord {
    const uid = pod.metadata!.uid!;
    const known = this.pods.get(uid);
    if (known) return known;
    const nodeName = pod.spec!.nodeName!;
    const phase = pod.status?.phase;
    const record: PodRecord = { nodeName, started: phase === 'Running' || phase === 'Succeeded' || phase === 'Failed' };
    const ip = pod.status?.podIP;
    if (ip && this.allocatorOf(nodeName).reserve(ip)) record.podIP = ip;
    this.pods.set(uid, record);
    return record;
  }

  private async markRunning(pod: PodObject, record: PodRecord): Promise<void> {
    record.podIP ??= this.allocatorOf(record.nodeName).allocate();
    const podIP = record.podIP;
    if (podIP === undefined) {
      this.log.warn({ pod: podKey(pod), node: record.nodeName }, 'no pod IP left on the node; pod left pending');
      return;
    }
    const patch = runningStatusPatch(pod, { podIP, now: rfc3339(new Date()) });
    try {
      await this.podCalls.run(() => this.client.patch(podsRef(pod.metadata!.namespace, pod.metadata!.name, 'status'), 'strategic', patch));
    } catch (err) {
      // Deleted meanwhile: its DELETED event releases the IP.
      if (isNotFound(err)) return;
      throw err;
    }
    record.started = true;
    this.log.debug({ pod: podKey(pod), node: record.nodeName, podIP }, 'pod running');
  }

  /** Deletes for good with no grace period, as the kubelet does once the containers stopped; only this pod, not a namesake. */
  private async confirmDeletion(pod: PodObject): Promise<void> {
    try {
      await this.podCalls.run(() => this.client.delete(podsRef(pod.metadata!.namespace, pod.metadata!.name), { gracePeriodSeconds: 0, preconditions: { uid: pod.metadata!.uid } }));
    } catch (err) {
      if (!isNotFound(err) && !isConflict(err)) throw err;
    }
  }

  /** Drops a pod that is gone: its update not yet handled, its record and its IP. */
  private forget(uid: string): void {
    this.pending.delete(uid);
    const record = this.pods.get(uid);
    if (record?.podIP) this.allocatorOf(record.nodeName).release(record.podIP);
    this.pods.delete(uid);
  }

  private allocatorOf(nodeName: string): IpAllocator {
    let allocator = this.allocators.get(nodeName);
    if (!allocator) this.allocators.set(nodeName, (allocator = new IpAllocator(podCidr(this.nodeIndexes.get(nodeName)!))));
    return allocator;
  }
}
