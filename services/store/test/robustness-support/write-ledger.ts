import type { KeyValue } from '@kubeling/proto/etcd';

/** One write a client sent: acknowledged at a revision, or unknown (its call failed: it was in flight at the crash). */
export interface WriteAttempt {
  readonly key: string;
  readonly value: string;
  outcome: 'pending' | 'acked' | 'unknown';
  revision?: bigint;
}

/** A key's state as last read back from the server. */
interface Verified {
  value: string;
  modRevision: bigint;
  version: bigint;
  createRevision: bigint;
}

/**
 * Every write clients attempted since the last verification, per key, and the rule a crash
 * must respect. The test only ever puts (never deletes), so every applied write adds exactly
 * one to its key's version and one to the store's revision.
 *
 * The rule, per key, after a crash and restart (A = the acknowledged write to the key with the
 * highest revision since the last verification, or the verified state itself if none; U = the
 * writes to the key whose outcome is unknown):
 *   - the key holds A's value at exactly A's mod_revision, or
 *   - it holds the value of a write in U, at a mod_revision greater than A's (a write in flight
 *     at the kill may have been applied after A; it cannot have been applied before A, or A,
 *     an unconditional put or a compare-and-swap on A's predecessor's mod_revision, would have
 *     superseded it);
 *   - its version grew by at least the number of acknowledged writes and at most that plus |U|;
 *   - its create_revision did not change.
 */
export class WriteLedger {
  private readonly attempts = new Map<string, WriteAttempt[]>();
  private readonly verified = new Map<string, Verified>();

  begin(key: string, value: string): WriteAttempt {
    const attempt: WriteAttempt = { key, value, outcome: 'pending' };
    const list = this.attempts.get(key) ?? [];
    list.push(attempt);
    this.attempts.set(key, list);
    return attempt;
  }

  ack(attempt: WriteAttempt, revision: bigint): void {
    attempt.outcome = 'acked';
    attempt.revision = revision;
  }

  unknown(attempt: WriteAttempt): void {
    attempt.outcome = 'unknown';
  }

  /** A compare-and-swap whose compare failed: no write happened. */
  discard(attempt: WriteAttempt): void {
    const list = this.attempts.get(attempt.key) ?? [];
    list.splice(list.indexOf(attempt), 1);
  }

  acknowledged(): WriteAttempt[] {
    return [...this.attempts.values()].flat().filter((a) => a.outcome === 'acked');
  }

  /** Records a key's state without judging it (the state before any crash). */
  baseline(kv: KeyValue): void {
    this.verified.set(kv.key.toString(), stateOf(kv));
  }

  /**
   * Judges the state read back after a restart against the rule above, makes it the new
   * verified state and forgets the attempts. Returns the violations (empty when all is well)
   * and how many writes were applied in all (the sum of version increments).
   */
  settle(actual: Map<string, KeyValue>): { violations: string[]; applied: bigint } {
    const violations: string[] = [];
    let applied = 0n;
    const keys = new Set([...this.verified.keys(), ...this.attempts.keys()]);
    for (const key of keys) {
      const kv = actual.get(key);
      const before = this.verified.get(key);
      const attempts = this.attempts.get(key) ?? [];
      if (!kv) {
        if (before || attempts.some((a) => a.outcome === 'acked')) violations.push(`${key}: missing after restart`);
        continue;
      }
      const now = stateOf(kv);
      violations.push(...judgeKey(key, before, attempts, now));
      applied += now.version - (before?.version ?? 0n);
      this.verified.set(key, now);
    }
    this.attempts.clear();
    return { violations, applied };
  }
}

function judgeKey(key: string, before: Verified | undefined, attempts: WriteAttempt[], now: Verified): string[] {
  const acked = attempts.filter((a) => a.outcome === 'acked').sort((a, b) => (a.revision! < b.revision! ? -1 : 1));
  const unknown = attempts.filter((a) => a.outcome === 'unknown');
  const latest = acked.at(-1);
  const floor = latest ? { value: latest.value, revision: latest.revision! } : before && { value: before.value, revision: before.modRevision };
  const problems: string[] = [];
  const isLatest = floor !== undefined && now.value === floor.value && now.modRevision === floor.revision;
  const isLaterUnknown = unknown.some((u) => u.value === now.value) && (floor === undefined || now.modRevision > floor.revision);
  if (!isLatest && !isLaterUnknown) {
    problems.push(
      `${key}: holds ${JSON.stringify(now.value)}@${now.modRevision}; expected the last acknowledged ` +
        `${floor ? `${JSON.stringify(floor.value)}@${floor.revision}` : '(none)'} or a later in-flight write (${unknown.length} unknown)`,
    );
  }
  const base = before?.version ?? 0n;
  const low = base + BigInt(acked.length);
  const high = low + BigInt(unknown.length);
  if (now.version < low || now.version > high) problems.push(`${key}: version ${now.version} outside [${low}, ${high}]`);
  if (before && now.createRevision !== before.createRevision) {
    problems.push(`${key}: create_revision changed ${before.createRevision} -> ${now.createRevision}`);
  }
  return problems;
}

function stateOf(kv: KeyValue): Verified {
  return { value: kv.value.toString(), modRevision: kv.modRevision, version: kv.version, createRevision: kv.createRevision };
}
