// The kubelet (kubelet.go): registers its node and keeps it and its lease fresh, watches the
// pods bound to it, and drives each towards its spec in the container runtime through one
// worker per pod - woken by pod updates, by the runtime's relist and by a periodic resync -
// reporting every pod's status back and finishing graceful deletions.
import { DeletedFinalStateUnknown, isConflict, isNotFound, SharedInformerFactory, type ApiClient, type KubeObject } from '@kubeling/client';
import { rfc3339 } from '@kubeling/api/meta-time';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { Logger } from 'pino';
import type { RuntimeClient } from '../cri/runtime-client.js';
import { VolumeManager } from '../pod/volumes/volume-manager.js';
import type { VolumeMap } from '../pod/volumes/mounted-volume.js';
import { ProbeManager } from '../prober/prober-manager.js';
import { nodesRef, type NodeObject } from '../node/node-registration.js';
import { apiObjectSource } from './api-object-source.js';
import { containersToPrune } from './container-gc.js';
import type { KubeletFlags } from './flags.js';
import { ImagePuller } from './image-puller.js';
import { hostCapacity, machineFacts, nodeAddress, type NodeFacts } from './node-status.js';
import { NodeReporter } from './node-reporter.js';
import { podEventSink, type PodEventSink } from './pod-events.js';
import { Pleg } from './pleg.js';
import { generatePodStatus } from './pod-status.js';
import { PodWorkers } from './pod-workers.js';
import { ReasonCache } from './reason-cache.js';
import { RuntimeConfigs } from './runtime-config.js';
import { RuntimeHealth } from './runtime-health.js';
import { containerAttempts, criMs, isRunning, readySandbox, type RuntimePod } from './runtime-pod.js';
import { listRuntime, podUidOf, readRuntimePod } from './runtime-pods.js';
import { StatusManager } from './status-manager.js';
import { podKey } from './pod-key.js';
import { PodSyncer } from './sync-pod.js';
import { PodKiller, podGracePeriodSeconds } from './termination.js';

type PodObject = Pod & KubeObject;

/** How often every pod is synced whatever happened (the kubelet's syncFrequency is 1 min; exits come through the relist). */
const RESYNC_PERIOD_MS = 10_000;
/** How often the runtime is relisted for changes (the PLEG's relist period). */
const RELIST_PERIOD_MS = 1_000;
/** How often the runtime's status is read (updateRuntimeUp's period). */
const RUNTIME_HEALTH_PERIOD_MS = 5_000;
/** How often the node is read while it waits for node-ipam to give it a podCIDR. */
const POD_CIDR_POLL_MS = 1_000;
/** The pause between tries of what must succeed before the kubelet can go on. */
const RETRY_DELAY_MS = 1_000;
/** An orphan's containers (their pod unknown) get the least grace a kubelet gives. */
const ORPHAN_GRACE_PERIOD_SECONDS = 2;

/**
 * An update the pod's worker must act on: its spec, labels, annotations or deletion changed.
 * A status-only change (mostly the kubelet's own writes) waits for the next sync, as the
 * kubelet's pod config reconciles rather than syncs it.
 */
function needsSync(old: Pod, pod: Pod): boolean {
  const relevant = (p: Pod) => JSON.stringify([p.spec, p.metadata?.labels, p.metadata?.annotations, p.metadata?.deletionTimestamp, p.metadata?.deletionGracePeriodSeconds]);
  return relevant(old) !== relevant(pod);
}

const isTerminal = (pod: Pod) => pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
const podRef = (pod: Pod) => ({ version: 'v1', resource: 'pods', namespace: pod.metadata!.namespace, name: pod.metadata!.name });

export class Kubelet {
  /** The pods bound to this node, by uid, as the informer last saw them. */
  private readonly pods = new Map<string, PodObject>();
  /** Pods the API no longer has, until their containers are gone: their grace period. */
  private readonly departed = new Map<string, Pod>();
  private readonly volumeMaps = new Map<string, VolumeMap>();
  /** Containers whose liveness (or startup) probe failed, by id: the kill message. */
  private readonly livenessFailures = new Map<string, string>();
  private readonly reasons = new ReasonCache();
  private readonly workers: PodWorkers;
  private readonly health: RuntimeHealth;
  private readonly pleg: Pleg;
  private readonly killer: PodKiller;
  private readonly events: PodEventSink;
  private readonly statuses: StatusManager;
  private readonly probes: ProbeManager;
  private readonly volumes: VolumeManager;
  private readonly images: ImagePuller;
  private readonly facts: NodeFacts;
  private readonly reporter: NodeReporter;
  private factory?: SharedInformerFactory;
  private readonly syncer: PodSyncer;
  private resyncTimer?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    private readonly flags: KubeletFlags,
    private readonly client: ApiClient,
    private readonly runtime: RuntimeClient,
    private readonly log: Logger,
  ) {
    this.workers = new PodWorkers((uid) => this.syncPod(uid), log);
    this.health = new RuntimeHealth(runtime, RUNTIME_HEALTH_PERIOD_MS, log, (readiness) => {
      this.reporter.setReadiness(readiness);
      // Pods held back for the network go on as soon as it is ready.
      if (readiness.ready) for (const uid of this.pods.keys()) this.workers.update(uid);
    });
    this.pleg = new Pleg(runtime, RELIST_PERIOD_MS, (uid) => this.workers.update(uid), log);
    this.events = podEventSink(client, flags.nodeName, log);
    this.killer = new PodKiller(runtime, this.events, log);
    this.statuses = new StatusManager(client, log);
    this.images = new ImagePuller(runtime);
    const capacity = hostCapacity({ cpu: flags.capacityCpu, memory: flags.capacityMemory, maxPods: flags.maxPods, rootDir: flags.rootDir });
    const objects = apiObjectSource(client);
    this.volumes = new VolumeManager(flags.rootDir, { ...objects, nodeAllocatable: () => capacity }, { log });
    this.probes = new ProbeManager({ exec: runtime, logger: log });
    this.probes.onLivenessFailure((uid, _name, containerId, message) => {
      this.livenessFailures.set(containerId, message);
      this.workers.update(uid);
    });
    this.probes.onReadinessChange((uid) => this.workers.update(uid));
    this.probes.onProbeEvent((uid, _name, event) => {
      const pod = this.pods.get(uid);
      if (pod) this.events(pod, event.type, event.reason, event.message);
    });
    this.facts = {
      name: flags.nodeName,
      address: nodeAddress(flags.clusterCidr),
      capacity,
      labels: flags.nodeLabels,
      taints: flags.registerWithTaints,
      ...machineFacts(flags.nodeName),
      containerRuntimeVersion: 'docker://unknown',
    };
    this.syncer = new PodSyncer({
      runtime,
      images: this.images,
      configs: new RuntimeConfigs({
        rootDir: flags.rootDir,
        nodeName: flags.nodeName,
        hostIP: this.facts.address,
        objects,
        nodeAllocatable: this.facts.capacity,
        mountsFor: (pod, container) => this.volumes.mountsFor(pod, container, this.volumeMaps.get(pod.metadata!.uid!) ?? new Map()),
      }),
      killer: this.killer,
      reasons: this.reasons,
      liveness: (_name, containerId) => this.livenessFailures.get(containerId),
      events: this.events,
      log: this.log,
    });
    this.reporter = new NodeReporter(client, this.facts, { statusUpdateFrequencyMs: flags.nodeStatusUpdateFrequencyMs, leaseDurationSeconds: flags.nodeLeaseDurationSeconds }, log);
  }

  async start(): Promise<void> {
    const runtimeVersion = await this.runtime.version({ version: '' }).catch(() => undefined);
    if (runtimeVersion) this.facts.containerRuntimeVersion = `${runtimeVersion.runtimeName}://${runtimeVersion.runtimeVersion}`;
    await this.health.start();
    const node = await this.untilDone('registering the node', () => this.reporter.start(this.health.readiness()));
    void this.configureRuntime(node);
    await this.watchPods();
    await this.untilDone('removing orphaned containers', () => this.removeOrphans());
    this.pleg.start();
    this.resyncTimer = setInterval(() => {
      for (const uid of this.pods.keys()) this.workers.update(uid);
    }, RESYNC_PERIOD_MS);
    this.log.info({ node: this.flags.nodeName, pods: this.pods.size }, 'kubelet running');
  }

  /** Stops watching and syncing; the containers keep running for the next kubelet to adopt. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.resyncTimer);
    this.factory?.shutdown();
    await this.pleg.stop();
    await this.workers.stop();
    await Promise.all([this.reporter.stop(), this.probes.stop()]);
    this.health.stop();
  }

  /** Runs `call` until it succeeds: the API or the runtime may not answer yet. */
  private async untilDone<T>(what: string, call: () => Promise<T>): Promise<T> {
    for (;;) {
      try {
        return await call();
      } catch (err) {
        if (this.stopped) throw err;
        this.log.warn({ err }, `${what} failed; retrying`);
        await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS));
      }
    }
  }

  /** Tells the runtime the node's podCIDR (--pod-cidr, else spec.podCIDR once node-ipam set it). */
  private async configureRuntime(node: NodeObject): Promise<void> {
    let podCidr = this.flags.podCidr ?? node.spec?.podCIDR;
    while (podCidr === undefined && !this.stopped) {
      await new Promise((resolve) => setTimeout(resolve, POD_CIDR_POLL_MS));
      podCidr = await this.client.get<NodeObject>(nodesRef(this.flags.nodeName)).then(
        (n) => n.spec?.podCIDR,
        (err: unknown) => void this.log.warn({ err }, 'reading the node failed'),
      );
    }
    if (podCidr === undefined) return;
    await this.untilDone('configuring the runtime', () => this.runtime.updateRuntimeConfig({ runtimeConfig: { networkConfig: { podCidr } } }));
    this.log.info({ node: this.flags.nodeName, podCIDR: podCidr }, 'runtime configured with the pod CIDR');
    await this.health.check();
  }

  private async watchPods(): Promise<void> {
    this.factory = new SharedInformerFactory(this.client, { listOptions: { fieldSelector: `spec.nodeName=${this.flags.nodeName}` }, logger: this.log });
    const informer = this.factory.informerFor<PodObject>({ version: 'v1', resource: 'pods' });
    const upsert = (pod: PodObject, sync: boolean) => {
      const uid = pod.metadata!.uid!;
      this.pods.set(uid, pod);
      if (sync) this.workers.update(uid);
    };
    informer.addEventHandler({
      onAdd: (pod) => upsert(pod, true),
      onUpdate: (old, pod) => upsert(pod, needsSync(old, pod)),
      onDelete: (obj) => {
        const pod = obj instanceof DeletedFinalStateUnknown ? obj.obj : obj;
        const uid = pod.metadata!.uid!;
        this.pods.delete(uid);
        this.departed.set(uid, pod);
        this.workers.update(uid);
      },
    });
    this.factory.start();
    await this.factory.waitForCacheSync();
  }

  /** Containers of pods not bound here (any more) are removed: their pod's worker finds no pod. */
  private async removeOrphans(): Promise<void> {
    const listing = await listRuntime(this.runtime);
    const uids = new Set([...listing.sandboxes, ...listing.containers].map(podUidOf).filter(Boolean));
    for (const uid of uids) if (!this.pods.has(uid)) this.workers.update(uid);
  }

  /** One sync of one pod, whatever state it is in: the pod worker's function (SyncPod / SyncTerminatingPod). */
  private async syncPod(uid: string): Promise<void> {
    const pod = this.pods.get(uid);
    const runtimePod = await readRuntimePod(this.runtime, uid);
    if (pod === undefined) return this.removeDeparted(uid, runtimePod);
    if (pod.metadata?.deletionTimestamp) return this.terminate(pod, runtimePod);
    if (isTerminal(pod)) {
      // A finished pod keeps its status; nothing of it runs any more.
      if (readySandbox(runtimePod) || runtimePod.containers.some(isRunning)) await this.killer.killPod(pod, runtimePod, podGracePeriodSeconds(pod), 'pod finished');
      return;
    }
    this.probes.addPod(pod);
    if (this.health.networkReady() && (await this.ensureVolumes(pod))) await this.syncer.syncPod(pod, runtimePod);
    const after = await readRuntimePod(this.runtime, uid);
    this.updateProbes(pod, after);
    const status = generatePodStatus({
      pod,
      runtime: after,
      waiting: this.reasons.of(uid),
      isStarted: (name) => this.probes.startupDone(uid, name),
      isReady: (name) => this.probes.readiness(uid, name) ?? true,
      hostIP: this.facts.address,
      now: rfc3339(new Date()),
    });
    await this.statuses.setPodStatus(pod, status);
    for (const c of containersToPrune(after)) await this.runtime.removeContainer({ containerId: c.id }).catch((err: unknown) => this.log.warn({ err, pod: podKey(pod), containerID: c.id }, 'removing a dead container failed'));
  }

  /** Volumes are set up before the first container starts, and refreshed on later syncs; false when they failed. */
  private async ensureVolumes(pod: Pod): Promise<boolean> {
    const uid = pod.metadata!.uid!;
    try {
      if (this.volumeMaps.has(uid)) await this.volumes.refresh(pod);
      else this.volumeMaps.set(uid, await this.volumes.setUp(pod));
      return true;
    } catch (err) {
      this.log.warn({ pod: podKey(pod), err }, 'FailedMount');
      this.events(pod, 'Warning', 'FailedMount', err instanceof Error ? err.message : String(err));
      return false;
    }
  }

  /** Tells the probe workers which container of each name runs now. */
  private updateProbes(pod: Pod, runtimePod: RuntimePod): void {
    const uid = pod.metadata!.uid!;
    const podIP = readySandbox(runtimePod)?.network?.ip ?? '';
    for (const c of runtimePod.containers) if (!isRunning(c)) this.livenessFailures.delete(c.id);
    for (const c of pod.spec?.containers ?? []) {
      const latest = containerAttempts(runtimePod, c.name)[0];
      if (isRunning(latest)) this.probes.containerStarted(uid, c.name, latest!.id, criMs(latest!.startedAt), podIP);
      else this.probes.containerStopped(uid, c.name);
    }
  }

  /** A pod being deleted: its containers stopped within its grace period and removed, then the pod object deleted. */
  private async terminate(pod: PodObject, runtimePod: RuntimePod): Promise<void> {
    const uid = pod.metadata!.uid!;
    await this.killer.removePod(pod, runtimePod, podGracePeriodSeconds(pod), 'pod deleted');
    const left = await readRuntimePod(this.runtime, uid);
    if (left.containers.length > 0 || left.sandboxes.length > 0) throw new Error(`pod ${podKey(pod)} still has ${left.containers.length} containers and ${left.sandboxes.length} sandboxes`);
    await this.forget(uid);
    try {
      await this.client.delete(podRef(pod), { gracePeriodSeconds: 0, preconditions: { uid } });
      this.log.info({ pod: podKey(pod) }, 'pod deleted after its containers stopped');
    } catch (err) {
      // Gone already, or a namesake with another uid: nothing of ours to delete.
      if (!isNotFound(err) && !isConflict(err)) throw err;
    }
  }

  /** A pod the API no longer has (force-deleted, or not bound here): whatever the runtime holds of it goes. */
  private async removeDeparted(uid: string, runtimePod: RuntimePod): Promise<void> {
    const pod = this.departed.get(uid);
    if (runtimePod.containers.length > 0 || runtimePod.sandboxes.length > 0) {
      await this.killer.removePod(pod, runtimePod, pod ? podGracePeriodSeconds(pod) : ORPHAN_GRACE_PERIOD_SECONDS, 'pod no longer bound to this node');
      this.log.info({ pod: pod ? podKey(pod) : uid }, 'removed the containers of a pod that is gone');
    }
    this.departed.delete(uid);
    await this.forget(uid);
  }

  private async forget(uid: string): Promise<void> {
    this.reasons.forgetPod(uid);
    this.syncer.forgetPod(uid);
    this.images.forgetPod(uid);
    this.statuses.forgetPod(uid);
    this.volumeMaps.delete(uid);
    await this.probes.removePod(uid);
    await this.volumes.tearDown(uid);
  }
}
