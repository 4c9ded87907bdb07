import { setTimeout as sleep } from 'node:timers/promises';
import { isNotFound } from './api-error.js';
import { microTime, type LeaderElectionRecord, type LeaseLock } from './lease-lock.js';
import { consoleLogger, type Logger } from './logger.js';

export interface LeaderCallbacks {
  /** This candidate now leads; do the work until `signal` aborts. */
  onStartedLeading(signal: AbortSignal): void | Promise<void>;
  /** It led and no longer does: the lease was lost or the elector stopped. */
  onStoppedLeading(): void;
  /** Another (or this) candidate was seen to hold the lease; a released lease is not reported. */
  onNewLeader?(identity: string): void;
}

export interface LeaderElectionConfig {
  lock: LeaseLock;
  /** How long non-leaders wait, from when they last saw the lease change, before taking it over. Default 15 s. */
  leaseDurationMs?: number;
  /** How long the leader keeps retrying to renew before it gives up leading. Default 10 s. */
  renewDeadlineMs?: number;
  /** How often candidates try to acquire and the leader renews. Default 2 s. */
  retryPeriodMs?: number;
  /** Clear the lease's holder on stop(), so the next leader need not wait for it to expire. */
  releaseOnCancel?: boolean;
  callbacks: LeaderCallbacks;
  logger?: Logger;
}

/** As client-go: acquire attempts are spread over retryPeriod * (1 + 1.2 * random). */
const JITTER_FACTOR = 1.2;

/**
 * Leader election on a Lease (client-go's leaderelection.LeaderElector). A candidate takes
 * the lease when it is absent, released, or unchanged for its leaseDurationSeconds as timed
 * by this candidate's own clock since it last saw the record change (clocks are never
 * compared). Every write is conditional on the resourceVersion read, so of two candidates
 * racing one gets a 409 and does not lead.
 */
export class LeaderElector {
  private readonly lock: LeaseLock;
  private readonly leaseDurationMs: number;
  private readonly renewDeadlineMs: number;
  private readonly retryPeriodMs: number;
  private readonly callbacks: LeaderCallbacks;
  private readonly logger: Logger;
  private readonly stopping = new AbortController();
  private observedRecord?: LeaderElectionRecord;
  /** performance.now() when the record was last seen to change. */
  private observedTime = 0;
  private reportedLeader = '';
  private leading?: AbortController;
  /** The attempt still running, so a release does not race a renew. */
  private inFlight: Promise<boolean> = Promise.resolve(false);
  private running?: Promise<void>;

  constructor(private readonly config: LeaderElectionConfig) {
    this.lock = config.lock;
    this.leaseDurationMs = config.leaseDurationMs ?? 15_000;
    this.renewDeadlineMs = config.renewDeadlineMs ?? 10_000;
    this.retryPeriodMs = config.retryPeriodMs ?? 2_000;
    this.callbacks = config.callbacks;
    this.logger = config.logger ?? consoleLogger;
    if (this.leaseDurationMs <= this.renewDeadlineMs) throw new Error('leaseDuration must be greater than renewDeadline');
    if (this.renewDeadlineMs <= JITTER_FACTOR * this.retryPeriodMs) throw new Error(`renewDeadline must be greater than retryPeriod*${JITTER_FACTOR}`);
    if (this.retryPeriodMs < 1) throw new Error('retryPeriod must be greater than zero');
  }

  /** Whether this candidate leads now (between onStartedLeading and onStoppedLeading). */
  isLeader(): boolean {
    return this.leading !== undefined && !this.leading.signal.aborted;
  }

  /** The holder of the lease as last observed. */
  getLeader(): string {
    return this.observedRecord?.holderIdentity ?? '';
  }

  /**
   * Campaigns until it acquires the lease, then leads and renews until the lease is lost or
   * stop() is called. Resolves when done; once done, it does not run again.
   */
  run(): Promise<void> {
    this.running ??= this.campaignAndLead();
    return this.running;
  }

  /** Stops campaigning or leading (releasing the lease if configured); resolves once run() has finished. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.running;
  }

  private async campaignAndLead(): Promise<void> {
    if (!(await this.acquire())) return;
    const leading = new AbortController();
    this.leading = leading;
    this.startLeading(leading.signal);
    const lost = !(await this.renew());
    leading.abort();
    if (lost) {
      this.logger.warn({ lock: this.lock.describe(), identity: this.lock.identity }, 'failed to renew lease; leadership lost');
    } else if (this.config.releaseOnCancel) {
      await this.inFlight;
      await this.release();
    }
    this.callbacks.onStoppedLeading();
  }

  private startLeading(signal: AbortSignal): void {
    // It runs beside the renew loop, as client-go's goroutine does.
    Promise.resolve()
      .then(() => this.callbacks.onStartedLeading(signal))
      .catch((err: unknown) => this.logger.warn({ err, lock: this.lock.describe() }, 'onStartedLeading failed'));
  }

  /** Tries every retryPeriod (jittered) until it holds the lease; false if stopped first. */
  private async acquire(): Promise<boolean> {
    const signal = this.stopping.signal;
    while (!signal.aborted) {
      const acquired = await this.attempt(signal);
      this.maybeReportTransition();
      if (acquired) return true;
      await sleep(this.retryPeriodMs * (1 + Math.random() * JITTER_FACTOR), undefined, { signal }).catch(() => undefined);
    }
    return false;
  }

  /** Renews every retryPeriod; true when stopped, false when a renewal did not succeed within renewDeadline. */
  private async renew(): Promise<boolean> {
    while (!this.stopping.signal.aborted) {
      if (!(await this.renewWithinDeadline())) return this.stopping.signal.aborted;
      await sleep(this.retryPeriodMs, undefined, { signal: this.stopping.signal }).catch(() => undefined);
    }
    return true;
  }

  /** Retries every retryPeriod until one renewal succeeds; false once renewDeadline passes, without waiting for a hung call. */
  private async renewWithinDeadline(): Promise<boolean> {
    const deadline = AbortSignal.any([AbortSignal.timeout(this.renewDeadlineMs), this.stopping.signal]);
    while (!deadline.aborted) {
      const renewed = await unlessAborted(this.attempt(deadline), deadline);
      this.maybeReportTransition();
      if (renewed) return true;
      await sleep(this.retryPeriodMs, undefined, { signal: deadline }).catch(() => undefined);
    }
    return false;
  }

  private attempt(signal: AbortSignal): Promise<boolean> {
    this.inFlight = this.tryAcquireOrRenew(signal);
    return this.inFlight;
  }

  /** One read and at most one conditional write (tryAcquireOrRenew); an outcome arriving after `signal` aborted is ignored. */
  private async tryAcquireOrRenew(signal: AbortSignal): Promise<boolean> {
    const now = microTime(new Date());
    const desired: LeaderElectionRecord = { holderIdentity: this.lock.identity, leaseDurationSeconds: Math.ceil(this.leaseDurationMs / 1000), acquireTime: now, renewTime: now, leaseTransitions: 0 };
    let current: LeaderElectionRecord;
    try {
      current = await this.lock.get();
    } catch (err) {
      if (!isNotFound(err)) return this.failed(err, 'error retrieving lease');
      return this.write(() => this.lock.create(desired), desired, signal, 'error creating lease');
    }
    if (signal.aborted) return false;
    this.observe(current);
    if (current.holderIdentity && this.leaseValid() && !this.holdsObservedRecord()) return false;
    if (this.holdsObservedRecord()) {
      desired.acquireTime = current.acquireTime;
      desired.leaseTransitions = current.leaseTransitions;
    } else {
      desired.leaseTransitions = current.leaseTransitions + 1;
    }
    return this.write(() => this.lock.update(desired), desired, signal, 'failed to update lease');
  }

  private async write(call: () => Promise<void>, record: LeaderElectionRecord, signal: AbortSignal, what: string): Promise<boolean> {
    try {
      await call();
    } catch (err) {
      // A 409 (or AlreadyExists) is another candidate's successful write: it leads, this one does not.
      return this.failed(err, what);
    }
    if (signal.aborted) return false;
    this.observe(record);
    return true;
  }

  /** Clears the holder (ReleaseOnCancel), keeping the transition count, so others need not wait for expiry. */
  private async release(): Promise<void> {
    if (!this.holdsObservedRecord()) return;
    const now = microTime(new Date());
    const released: LeaderElectionRecord = { holderIdentity: '', leaseDurationSeconds: 1, acquireTime: now, renewTime: now, leaseTransitions: this.observedRecord!.leaseTransitions };
    try {
      await this.lock.update(released);
      this.observe(released);
    } catch (err) {
      this.failed(err, 'failed to release lease');
    }
  }

  /** Restarts the expiry clock when the record differs from the one last seen. */
  private observe(record: LeaderElectionRecord): void {
    if (this.observedRecord && sameRecord(this.observedRecord, record)) return;
    this.observedRecord = record;
    this.observedTime = performance.now();
  }

  private leaseValid(): boolean {
    return this.observedTime + (this.observedRecord?.leaseDurationSeconds ?? 0) * 1000 > performance.now();
  }

  private holdsObservedRecord(): boolean {
    return this.observedRecord?.holderIdentity === this.lock.identity;
  }

  private maybeReportTransition(): void {
    const holder = this.getLeader();
    if (holder === this.reportedLeader) return;
    this.reportedLeader = holder;
    if (holder) this.callbacks.onNewLeader?.(holder);
  }

  private failed(err: unknown, what: string): false {
    this.logger.warn({ err, lock: this.lock.describe(), identity: this.lock.identity }, what);
    return false;
  }
}

const sameRecord = (a: LeaderElectionRecord, b: LeaderElectionRecord) =>
  a.holderIdentity === b.holderIdentity && a.leaseDurationSeconds === b.leaseDurationSeconds && a.acquireTime === b.acquireTime && a.renewTime === b.renewTime && a.leaseTransitions === b.leaseTransitions;

/** `promise`'s outcome, or false as soon as `signal` aborts. */
function unlessAborted(promise: Promise<boolean>, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = () => resolve(false);
    signal.addEventListener('abort', onAbort, { once: true });
    void promise.then(resolve, () => resolve(false)).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
