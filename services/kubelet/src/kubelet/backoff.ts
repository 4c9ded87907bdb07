// CrashLoopBackOff, as the kubelet's container restart backoff (client-go flowcontrol.Backoff
// keyed per pod and container): 10 s, doubling on each restart, up to 5 minutes.

export const INITIAL_BACKOFF_MS = 10_000;
export const MAX_BACKOFF_MS = 300_000;
/** A container that ran this long before it exited starts over at the initial backoff. */
export const BACKOFF_RESET_AFTER_RUNNING_MS = 600_000;

interface Entry {
  backoffMs: number;
  /** When the backoff last grew: the exit it was computed for. */
  lastUpdateMs: number;
}

export class Backoff {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly initialMs = INITIAL_BACKOFF_MS,
    private readonly maxMs = MAX_BACKOFF_MS,
  ) {}

  /** The current backoff of `key`; 0 when it has none. */
  get(key: string): number {
    return this.entries.get(key)?.backoffMs ?? 0;
  }

  /** True while `key`'s backoff since `eventMs` (the container's exit) has not passed at `nowMs`. */
  isInBackOffSince(key: string, eventMs: number, nowMs: number): boolean {
    const entry = this.entries.get(key);
    if (entry === undefined || this.hasExpired(entry, eventMs)) return false;
    return nowMs - eventMs < entry.backoffMs;
  }

  /** True while `key`'s backoff since it last grew has not passed at `nowMs` (IsInBackOffSinceUpdate: image pulls). */
  isInBackOffSinceUpdate(key: string, nowMs: number): boolean {
    const entry = this.entries.get(key);
    if (entry === undefined || this.hasExpired(entry, nowMs)) return false;
    return nowMs - entry.lastUpdateMs < entry.backoffMs;
  }

  /** Grows `key`'s backoff for an exit at `eventMs`: the initial one at first or after a long quiet, else doubled up to the maximum. */
  next(key: string, eventMs: number): void {
    const entry = this.entries.get(key);
    const backoffMs = entry === undefined || this.hasExpired(entry, eventMs) ? this.initialMs : Math.min(entry.backoffMs * 2, this.maxMs);
    this.entries.set(key, { backoffMs, lastUpdateMs: eventMs });
  }

  reset(key: string): void {
    this.entries.delete(key);
  }

  /** Forgets every key that starts with `prefix` (a pod's, once the pod is gone). */
  resetPrefix(prefix: string): void {
    for (const key of this.entries.keys()) if (key.startsWith(prefix)) this.entries.delete(key);
  }

  /** An entry not grown for twice the maximum is stale (flowcontrol's hasExpired). */
  private hasExpired(entry: Entry, eventMs: number): boolean {
    return eventMs - entry.lastUpdateMs > 2 * this.maxMs;
  }
}

/** A Go time.Duration's String() of whole seconds: 10s, 1m20s, 5m0s. */
export function goDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (h > 0) return `${h}h${m}m${s}s`;
  if (m > 0) return `${m}m${s}s`;
  return `${s}s`;
}
