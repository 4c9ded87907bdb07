// Docker reports times as RFC3339Nano strings; CRI wants int64 nanoseconds since the epoch.

/** Go's zero time, which Docker reports for "never" (not started, not finished). */
const ZERO_TIME = /^0001-01-01T/;

/** Nanoseconds since the epoch of an RFC3339(Nano) time; 0n for Go's zero time or garbage. */
export function rfc3339ToNanos(time: string | undefined): bigint {
  if (!time || ZERO_TIME.test(time)) return 0n;
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/.exec(time);
  if (!m) return 0n;
  const ms = Date.parse(`${m[1]}${m[3]}`);
  if (Number.isNaN(ms)) return 0n;
  return BigInt(ms) * 1_000_000n + BigInt((m[2] ?? '').padEnd(9, '0') || '0');
}

/** Docker's list API gives creation in Unix seconds. */
export const secondsToNanos = (seconds: number | undefined): bigint => BigInt(Math.trunc(seconds ?? 0)) * 1_000_000_000n;

export const nowNanos = (): bigint => BigInt(Date.now()) * 1_000_000n;
