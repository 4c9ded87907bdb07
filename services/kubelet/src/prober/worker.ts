// worker.go: probes one container of a pod for one probe type every period, from the first
// tick after its initial delay, and records a result once the same outcome was seen
// threshold times in a row. A new container id starts over from the type's initial result.
import type { Container, Pod, Probe } from 'kubernetes-types/core/v1.js';
import type { Logger } from 'pino';
import { sleep, type Clock } from './clock.js';
import type { ProbeEvent, Prober, Result } from './prober.js';
import { probeTiming, type ProbeTiming, type ProbeType } from './probe-type.js';
import type { ResultsManager } from './results-manager.js';

/** What a container reports before its first probe: unready, alive, not known to have started. */
const INITIAL_RESULT: Record<ProbeType, Result> = { liveness: 'Success', readiness: 'Failure', startup: 'Unknown' };

export interface WorkerDeps {
  prober: Prober;
  clock: Clock;
  random: () => number;
  /** When the probe manager started: workers created soon after spread their first probe over a period. */
  managerStartMs: number;
  results: ResultsManager;
  /** The startup probe succeeded (or there is none): gates liveness and readiness, ends startup probing. */
  containerStarted: () => boolean;
  onEvent: (event: ProbeEvent) => void;
  log: Logger;
}

interface ObservedContainer {
  id: string;
  startedAtMs: number;
  podIP: string;
  running: boolean;
}

export class ProbeWorker {
  private readonly timing: ProbeTiming;
  private readonly periodMs: number;
  private observed?: ObservedContainer;
  private lastResult?: Result;
  private resultRun = 0;
  /** After a liveness or startup failure: no probes until the container is replaced. */
  private onHold = false;
  private stopped = false;
  private triggered = false;
  private nextTickAt = 0;
  private wake?: () => void;
  private loop?: Promise<void>;

  constructor(
    readonly type: ProbeType,
    private readonly pod: Pod,
    private readonly container: Container,
    private readonly probe: Probe,
    private readonly deps: WorkerDeps,
  ) {
    this.timing = probeTiming(probe, type);
    this.periodMs = this.timing.periodSeconds * 1000;
  }

  get containerId(): string | undefined {
    return this.observed?.id;
  }

  private get podUid(): string {
    return this.pod.metadata?.uid ?? '';
  }

  start(): void {
    this.loop ??= this.run();
  }

  /** Stops probing, waits for a probe in flight and forgets the container's result. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.loop;
    if (this.observed) this.deps.results.remove(this.observed.id);
  }

  /** Probes at once rather than at the next tick (manualTriggerCh). */
  trigger(): void {
    this.triggered = true;
    this.wake?.();
  }

  /** The container runs (again); a new id resets the result to the initial one and lifts a hold. */
  containerRunning(id: string, startedAtMs: number, podIP: string): void {
    if (this.observed?.id === id) {
      // Reported again (each pod sync does): the same container, whose probe in flight still counts.
      Object.assign(this.observed, { startedAtMs, podIP, running: true });
      return;
    }
    if (this.observed) this.deps.results.remove(this.observed.id);
    this.observed = { id, startedAtMs, podIP, running: true };
    this.lastResult = undefined;
    this.resultRun = 0;
    this.onHold = false;
    this.deps.results.set(id, INITIAL_RESULT[this.type], this.podUid);
  }

  /** A container that does not run is not ready; its next start comes with a new id. */
  containerExited(): void {
    if (!this.observed) return;
    this.observed.running = false;
    if (this.type === 'readiness') this.deps.results.set(this.observed.id, 'Failure', this.podUid);
  }

  private async run(): Promise<void> {
    // Probes of many pods found at a kubelet start are spread over their period.
    if (this.periodMs > this.deps.clock.now() - this.deps.managerStartMs) await this.pauseUntil(this.deps.clock.now() + this.deps.random() * this.periodMs);
    this.nextTickAt = this.deps.clock.now() + this.periodMs;
    while (!this.stopped) {
      await this.probeOnce();
      await this.nextRound();
    }
  }

  /** Waits out a time that a trigger does not shorten. */
  private async pauseUntil(at: number): Promise<void> {
    while (!this.stopped && this.deps.clock.now() < at) await this.pause(at - this.deps.clock.now());
  }

  /** Waits for the next tick of the period or a trigger; a tick missed during a long probe fires at once, as a Go ticker's. */
  private async nextRound(): Promise<void> {
    while (!this.stopped && !this.triggered) {
      const now = this.deps.clock.now();
      if (now >= this.nextTickAt) {
        this.nextTickAt += this.periodMs * (Math.floor((now - this.nextTickAt) / this.periodMs) + 1);
        return;
      }
      await this.pause(this.nextTickAt - now);
    }
    this.triggered = false;
  }

  private async pause(ms: number): Promise<void> {
    const timer = sleep(this.deps.clock, ms);
    this.wake = timer.cancel;
    await timer.done;
    this.wake = undefined;
  }

  private isDue(observed: ObservedContainer): boolean {
    if (!observed.running || this.onHold) return false;
    if (Math.floor((this.deps.clock.now() - observed.startedAtMs) / 1000) < this.timing.initialDelaySeconds) return false;
    // The startup probe runs until the container started; the others only after.
    return (this.type === 'startup') !== this.deps.containerStarted();
  }

  private async probeOnce(): Promise<void> {
    const observed = this.observed;
    if (!observed || !this.isDue(observed)) return;
    try {
      const verdict = await this.deps.prober.probe(this.type, this.probe, this.timing.timeoutSeconds, { container: this.container, containerId: observed.id, podIP: observed.podIP });
      // The container stopped or was replaced meanwhile: the outcome is about one that is gone.
      if (this.stopped || this.observed !== observed || !observed.running) return;
      if (verdict.event) this.deps.onEvent(verdict.event);
      if (!verdict.errored) this.count(observed.id, verdict.result);
    } catch (err) {
      this.deps.log.error({ err, pod: this.podUid, container: this.container.name, probeType: this.type }, 'probe worker failed');
    }
  }

  /** Records a result once it was seen threshold times in a row. */
  private count(containerId: string, result: Result): void {
    if (this.lastResult === result) this.resultRun++;
    else {
      this.lastResult = result;
      this.resultRun = 1;
    }
    const threshold = result === 'Failure' ? this.timing.failureThreshold : this.timing.successThreshold;
    if (this.resultRun < threshold) return;
    this.deps.results.set(containerId, result, this.podUid);
    if (result === 'Failure' && this.type !== 'readiness') {
      // The container will be restarted: probing it while it is being stopped only adds noise.
      this.onHold = true;
      this.resultRun = 0;
    }
  }
}
