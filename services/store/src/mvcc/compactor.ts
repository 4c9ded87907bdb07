import type { Logger } from 'pino';
import { FlagError, parseDuration } from '../flags.js';
import type { MvccStore } from './kv-store.js';

/** How auto-compaction was asked for (etcd's --auto-compaction-mode and -retention). */
export type CompactionPolicy = { mode: 'off' } | { mode: 'periodic'; retentionMs: number } | { mode: 'revision'; retention: number };

export function compactionPolicy(mode: 'periodic' | 'revision', retention: string): CompactionPolicy {
  if (mode === 'revision') {
    if (!/^\d+$/.test(retention)) throw new FlagError(`invalid value "${retention}" for flag --auto-compaction-retention: revision mode needs a number of revisions`);
    const n = Number(retention);
    return n === 0 ? { mode: 'off' } : { mode: 'revision', retention: n };
  }
  // A bare number is hours, as in etcd.
  const ms = /^\d+$/.test(retention) ? Number(retention) * 3_600_000 : parseDuration('auto-compaction-retention', retention);
  return ms === 0 ? { mode: 'off' } : { mode: 'periodic', retentionMs: ms };
}

/** Revision mode checks this often (etcd waits 5 minutes; a short check keeps churn bounded). */
const REVISION_CHECK_MS = 1000;

/**
 * Auto-compaction. Revision mode keeps the last `retention` revisions. Periodic mode
 * samples the revision every tenth of the window (at most hourly) and compacts to the one
 * seen a whole window ago, as etcd's periodic compactor does.
 */
export class Compactor {
  private timer: NodeJS.Timeout | undefined;
  private readonly samples: Array<{ at: number; rev: number }> = [];

  constructor(
    private readonly store: MvccStore,
    private readonly policy: CompactionPolicy,
    private readonly log: Logger,
  ) {}

  start(): void {
    if (this.policy.mode === 'off') return;
    const every = this.policy.mode === 'revision' ? REVISION_CHECK_MS : Math.min(this.policy.retentionMs / 10, 3_600_000);
    this.timer = setInterval(() => this.tick(), every);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private tick(): void {
    const target = this.target();
    if (target === undefined || target <= this.store.compactRev || target > this.store.committedRev) return;
    this.store.compact(target).catch((err) => this.log.error({ err, revision: target }, 'auto-compaction failed'));
  }

  private target(): number | undefined {
    if (this.policy.mode === 'revision') return this.store.committedRev - this.policy.retention;
    if (this.policy.mode !== 'periodic') return undefined;
    const now = Date.now();
    this.samples.push({ at: now, rev: this.store.committedRev });
    let found: number | undefined;
    while (this.samples.length > 0 && now - this.samples[0].at >= this.policy.retentionMs) found = this.samples.shift()!.rev;
    return found;
  }
}
