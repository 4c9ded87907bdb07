// prober_manager.go: one worker per container and probe type of each pod, the results they
// record, and what the kubelet needs from them - readiness and startup for the pod status,
// news of containers that failed their liveness or startup probe (to restart them) and of
// readiness changes (to write the status), and the Unhealthy events to record.
import type { Container, ContainerStatus, Pod, PodStatus } from 'kubernetes-types/core/v1.js';
import type { Logger } from 'pino';
import { realClock, type Clock, type TimerHandle } from './clock.js';
import type { ExecRunner } from './exec-probe.js';
import { Listeners } from './listeners.js';
import { Prober, type ProbeEvent } from './prober.js';
import { PROBE_TYPES, probeOf, type ProbeType } from './probe-type.js';
import { ResultsManager, type ResultUpdate } from './results-manager.js';
import { ProbeWorker } from './worker.js';

export interface ProbeManagerOptions {
  exec: ExecRunner;
  logger: Logger;
  now?: () => number;
  setTimeout?: (fn: () => void, ms: number) => TimerHandle;
  clearTimeout?: (handle: TimerHandle) => void;
  /** In [0, 1): spreads the first probes of workers created right after the manager. */
  random?: () => number;
}

/** The container failed its liveness or startup probe and is to be killed; message as the kubelet's ("Container web failed liveness probe"). */
export type LivenessFailureListener = (podUid: string, containerName: string, containerId: string, message: string, probeType: 'liveness' | 'startup') => void;
export type ReadinessChangeListener = (podUid: string) => void;
export type ProbeEventListener = (podUid: string, containerName: string, event: ProbeEvent) => void;

export type { ExecRunner } from './exec-probe.js';
export type { ProbeEvent } from './prober.js';

type ContainerWorkers = Partial<Record<ProbeType, ProbeWorker>>;

/** Containers that are probed: the app containers and the sidecars (restartable init containers). */
function probedContainers(pod: Pod): Container[] {
  const sidecars = (pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always');
  return [...(pod.spec?.containers ?? []), ...sidecars];
}

const podName = (pod: Pod) => `${pod.metadata?.namespace}/${pod.metadata?.name}`;

export class ProbeManager {
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly startMs: number;
  private readonly log: Logger;
  private readonly prober: Prober;
  /** Workers by pod uid, then container name. */
  private readonly pods = new Map<string, Map<string, ContainerWorkers>>();
  private readonly results: Record<ProbeType, ResultsManager>;
  private readonly livenessFailures: Listeners<Parameters<LivenessFailureListener>>;
  private readonly readinessChanges: Listeners<Parameters<ReadinessChangeListener>>;
  private readonly probeEvents: Listeners<Parameters<ProbeEventListener>>;

  constructor(options: ProbeManagerOptions) {
    this.clock = {
      now: options.now ?? realClock.now,
      setTimeout: options.setTimeout ?? realClock.setTimeout,
      clearTimeout: options.clearTimeout ?? realClock.clearTimeout,
    };
    this.random = options.random ?? Math.random;
    this.startMs = this.clock.now();
    this.log = options.logger;
    this.prober = new Prober(options.exec, this.clock);
    this.results = {
      liveness: new ResultsManager((update) => this.onResult('liveness', update)),
      readiness: new ResultsManager((update) => this.onResult('readiness', update)),
      startup: new ResultsManager((update) => this.onResult('startup', update)),
    };
    this.livenessFailures = new Listeners('livenessFailure', this.log);
    this.readinessChanges = new Listeners('readinessChange', this.log);
    this.probeEvents = new Listeners('probeEvent', this.log);
  }

  /** Starts the workers of the pod's probes; a pod already added keeps its workers. */
  addPod(pod: Pod): void {
    const uid = pod.metadata?.uid ?? '';
    if (this.pods.has(uid)) return;
    const containers = new Map<string, ContainerWorkers>();
    for (const container of probedContainers(pod)) containers.set(container.name, this.startWorkers(pod, container));
    this.pods.set(uid, containers);
  }

  /** Stops the pod's workers; resolves once no probe of the pod is in flight. */
  async removePod(podUid: string): Promise<void> {
    const containers = this.pods.get(podUid);
    this.pods.delete(podUid);
    await Promise.all([...(containers?.values() ?? [])].flatMap((workers) => Object.values(workers).map((w) => w.stop())));
  }

  /** The container runs with this id (reporting it again is harmless); a new id resets its results. */
  containerStarted(podUid: string, containerName: string, containerId: string, startedAtMs: number, podIP: string): void {
    const workers = this.workersOf(podUid, containerName);
    for (const type of PROBE_TYPES) workers[type]?.containerRunning(containerId, startedAtMs, podIP);
    // As UpdatePodStatus does on each pod sync: an unready container is probed at once, not at the next tick.
    if (this.readiness(podUid, containerName) === false) workers.readiness?.trigger();
  }

  /** The container exited: it is unready until it runs again. */
  containerStopped(podUid: string, containerName: string): void {
    for (const worker of Object.values(this.workersOf(podUid, containerName))) worker.containerExited();
  }

  /** The readiness probe's verdict on the current container; undefined when the container has no readiness probe. */
  readiness(podUid: string, containerName: string): boolean | undefined {
    const worker = this.workersOf(podUid, containerName).readiness;
    if (!worker) return undefined;
    return worker.containerId !== undefined && this.results.readiness.get(worker.containerId) === 'Success';
  }

  /** The startup probe succeeded on the current container, or the container has none. */
  startupDone(podUid: string, containerName: string): boolean {
    const worker = this.workersOf(podUid, containerName).startup;
    if (!worker) return true;
    return worker.containerId !== undefined && this.results.startup.get(worker.containerId) === 'Success';
  }

  /**
   * UpdatePodStatus: the status with each container's `started` and `ready` from the probes.
   * A container whose readiness probe has not passed yet gets probed at once.
   */
  updatePodStatus(pod: Pod, status: PodStatus): PodStatus {
    const uid = pod.metadata?.uid ?? '';
    const sidecar = (name: string) => pod.spec?.initContainers?.some((c) => c.name === name && c.restartPolicy === 'Always') ?? false;
    return {
      ...status,
      containerStatuses: status.containerStatuses?.map((s) => this.probedStatus(uid, s)),
      initContainerStatuses: status.initContainerStatuses?.map((s) => (sidecar(s.name) ? this.probedStatus(uid, s) : this.initStatus(uid, s))),
    };
  }

  onLivenessFailure(listener: LivenessFailureListener): () => void {
    return this.livenessFailures.add(listener);
  }

  /** Called when a container's readiness or startup result changed: the pod's status is to be written again. */
  onReadinessChange(listener: ReadinessChangeListener): () => void {
    return this.readinessChanges.add(listener);
  }

  /** Called with each Unhealthy (or ProbeWarning) event of a probe, for the kubelet to record on the pod. */
  onProbeEvent(listener: ProbeEventListener): () => void {
    return this.probeEvents.add(listener);
  }

  /** Stops every worker and waits for the probes in flight. */
  async stop(): Promise<void> {
    await Promise.all([...this.pods.keys()].map((uid) => this.removePod(uid)));
  }

  private startWorkers(pod: Pod, container: Container): ContainerWorkers {
    const workers: ContainerWorkers = {};
    const uid = pod.metadata?.uid ?? '';
    for (const type of PROBE_TYPES) {
      const probe = probeOf(container, type);
      if (!probe) continue;
      const worker = new ProbeWorker(type, pod, container, probe, {
        prober: this.prober,
        clock: this.clock,
        random: this.random,
        managerStartMs: this.startMs,
        results: this.results[type],
        containerStarted: () => this.startupDone(uid, container.name),
        onEvent: (event) => this.recordEvent(pod, container.name, type, event),
        log: this.log,
      });
      workers[type] = worker;
      worker.start();
    }
    return workers;
  }

  private workersOf(podUid: string, containerName: string): ContainerWorkers {
    return this.pods.get(podUid)?.get(containerName) ?? {};
  }

  private containerNameOf(podUid: string, type: ProbeType, containerId: string): string | undefined {
    for (const [name, workers] of this.pods.get(podUid) ?? []) if (workers[type]?.containerId === containerId) return name;
    return undefined;
  }

  private onResult(type: ProbeType, { podUid, containerId, result }: ResultUpdate): void {
    const containerName = this.containerNameOf(podUid, type, containerId);
    if (containerName === undefined) return;
    this.log.debug({ pod: podUid, container: containerName, probeType: type, result }, 'probe result changed');
    if (type !== 'liveness') this.readinessChanges.emit(podUid);
    // A container that just started is probed for readiness at once rather than at the next tick.
    if (type === 'startup' && result === 'Success') this.workersOf(podUid, containerName).readiness?.trigger();
    if (type !== 'readiness' && result === 'Failure') {
      this.log.info({ pod: podUid, container: containerName, probeType: type }, `container failed ${type} probe`);
      this.livenessFailures.emit(podUid, containerName, containerId, `Container ${containerName} failed ${type} probe`, type);
    }
  }

  private recordEvent(pod: Pod, containerName: string, type: ProbeType, event: ProbeEvent): void {
    this.log.debug({ pod: podName(pod), container: containerName, probeType: type, reason: event.reason }, event.message);
    this.probeEvents.emit(pod.metadata?.uid ?? '', containerName, event);
  }

  /** isContainerStarted: running, and the startup probe passed or there is none. */
  private isStarted(podUid: string, status: ContainerStatus): boolean {
    return status.state?.running !== undefined && this.startupDone(podUid, status.name);
  }

  private probedStatus(podUid: string, status: ContainerStatus): ContainerStatus {
    const started = this.isStarted(podUid, status);
    if (!started) return { ...status, started, ready: false };
    const readiness = this.readiness(podUid, status.name);
    if (readiness === false) this.workersOf(podUid, status.name).readiness?.trigger();
    return { ...status, started, ready: readiness ?? true };
  }

  /** A regular init container is ready once it completed successfully. */
  private initStatus(podUid: string, status: ContainerStatus): ContainerStatus {
    const completed = status.state?.terminated?.exitCode === 0;
    return { ...status, started: this.isStarted(podUid, status), ready: status.ready || completed };
  }
}
