import { isDeepStrictEqual } from 'node:util';
import type { TxnResponse } from '@kubeling/proto/etcd';
import { firstDifference } from '../robustness-support/event-text.js';
import { comparableOutcome } from './comparable-outcome.js';
import { applyOp, type DifferentialOp, type Outcome, type Side } from './differential-op.js';
import { KeyspaceWatches } from './keyspace-watches.js';
import { OpGenerator } from './op-generator.js';
import { render } from './render.js';
import { SeededRandom } from './seeded-random.js';

export interface DifferentialReport {
  /** Where the two servers first disagreed (seed, step, request, both answers); undefined if they never did. */
  mismatch?: string;
  opsRun: number;
  /** How many ops of each kind ended each way ("put ok", "txn etcdserver: duplicate key given in txn request"). */
  tally: Map<string, number>;
  /** Events the whole-keyspace watches delivered, per watch. */
  events: number[];
}

function tallyKey(op: DifferentialOp, outcome: Outcome): string {
  if ('error' in outcome) return `${op.kind} ${outcome.error.details}`;
  return op.kind === 'txn' ? `txn succeeded=${(outcome.response as TxnResponse).succeeded}` : `${op.kind} ok`;
}

/**
 * Sends the same seeded sequence of `opCount` requests to both servers, one at a time, and
 * compares every answer; meanwhile whole-keyspace watches (one from the start, one opened
 * midway from a past revision, and one from a compacted revision) record every event, and
 * their event streams are compared at the end. Stops at the first difference.
 */
export async function runDifferential(reference: Side, candidate: Side, seed: number, opCount: number): Promise<DifferentialReport> {
  const rng = new SeededRandom(seed);
  const generator = new OpGenerator(rng);
  const watches = [new KeyspaceWatches(reference.name, reference.clients.watch), new KeyspaceWatches(candidate.name, candidate.clients.watch)] as const;
  const report: DifferentialReport = { opsRun: 0, tally: new Map(), events: [] };
  const replay = `seed ${seed} (replay with SEED=${seed})`;
  const differ = (where: string, request: unknown, answers: readonly [unknown, unknown]): string =>
    [
      `${reference.name} and ${candidate.name} differ at ${where}; ${replay}`,
      `request: ${render(request)}`,
      `${reference.name}: ${render(answers[0])}`,
      `${candidate.name}: ${render(answers[1])}`,
    ].join('\n');
  const both = <T>(f: (w: KeyspaceWatches) => Promise<T>) => Promise.all([f(watches[0]), f(watches[1])]);
  const caughtUp = () => both((w) => w.caughtUp(generator.revision));

  try {
    const created = await both((w) => w.open(0n));
    if (!isDeepStrictEqual(...created)) return { ...report, mismatch: differ('the first watch created', 'whole keyspace, prev_kv', created) };

    let midwayOpened = false;
    for (let i = 0; i < opCount; i++) {
      if (!midwayOpened && i >= opCount / 2 && generator.settled) {
        midwayOpened = true;
        const mismatch = await openMidwayWatches(generator, rng, both, caughtUp, (where, request, answers) => differ(`${where} before op #${i}`, request, answers));
        if (mismatch) return { ...report, mismatch };
      }
      const op = generator.next();
      // A compaction removes what a lagging watch would still read (prev_kv): let the watches catch up first.
      if (op.kind === 'compact') await caughtUp();
      const outcomes = await Promise.all([applyOp(reference, op), applyOp(candidate, op)]);
      const comparable = [comparableOutcome(op, outcomes[0]), comparableOutcome(op, outcomes[1])] as const;
      if (!isDeepStrictEqual(...comparable)) return { ...report, mismatch: differ(`op #${i} (${op.kind})`, op.request, comparable) };
      generator.observe(op, outcomes[0]);
      report.opsRun++;
      const key = tallyKey(op, outcomes[0]);
      report.tally.set(key, (report.tally.get(key) ?? 0) + 1);
    }

    await caughtUp();
    const [mine, theirs] = [watches[0].outcome(), watches[1].outcome()];
    report.events = mine.map((w) => w.events.length);
    for (const [n, w] of mine.entries()) {
      const difference = firstDifference(w.events, theirs[n].events);
      if (difference) return { ...report, mismatch: `watch ${n} (whole keyspace, prev_kv): ${candidate.name} against ${reference.name}: ${difference}; ${replay}` };
      if (!isDeepStrictEqual(w.control, theirs[n].control)) return { ...report, mismatch: differ(`watch ${n}'s non-event responses`, 'whole keyspace, prev_kv', [w.control, theirs[n].control]) };
    }
    const strays = [watches[0].strays(), watches[1].strays()] as const;
    if (!isDeepStrictEqual(...strays)) return { ...report, mismatch: differ('responses for no watch', '', strays) };
    return report;
  } catch (error) {
    throw new Error(`${(error as Error).message}; ${replay}`, { cause: error });
  } finally {
    for (const w of watches) w.close();
  }
}

type Both = <T>(f: (w: KeyspaceWatches) => Promise<T>) => Promise<[T, T]>;
type Differ = (where: string, request: unknown, answers: readonly [unknown, unknown]) => string;

/**
 * Midway: a watch from a past revision (replaying history), and one from a compacted
 * revision (canceled with compact_revision). The past revision is above the compaction
 * point, never at it: etcd 3.4 loses a delete made at the compaction revision from watches
 * replaying from there (etcd-io/etcd#18089), a bug the store need not copy. Ops wait until
 * both watches caught up, so header revisions do not depend on timing.
 */
async function openMidwayWatches(generator: OpGenerator, rng: SeededRandom, both: Both, caughtUp: () => Promise<unknown>, differ: Differ): Promise<string | undefined> {
  const { revision, compactRevision } = generator;
  const past = compactRevision < revision ? rng.bigint(compactRevision + 1n, revision) : revision;
  const created = await both((w) => w.open(past));
  if (!isDeepStrictEqual(...created)) return differ('the midway watch created', { startRevision: past }, created);
  await caughtUp();
  if (compactRevision > 1n) {
    const start = rng.bigint(1n, compactRevision - 1n);
    const canceled = await both((w) => w.openCompacted(start));
    // The store's one deliberate difference: its cancel carries the current revision in the
    // header (etcd sends 0), so header revisions on a stream never go backwards.
    type Seen = { canceled?: boolean; created?: boolean; header?: unknown };
    const [reference, candidate] = canceled.map((responses) => (responses as Seen[]).map((r) => (r.canceled && !r.created ? { ...r, header: undefined } : r)));
    if (!isDeepStrictEqual(reference, candidate)) return differ('the watch from a compacted revision', { startRevision: start }, canceled);
  }
  return undefined;
}
