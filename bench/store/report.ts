import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TARGET_NAMES, type BenchConfig, type TargetName } from './config.js';
import type { GoalResult, Medians } from './goals.js';
import type { Figures, Scenario } from './scenarios.js';

export interface RoundResult {
  round: number;
  scenario: string;
  target: TargetName;
  figures: Figures;
}

export interface BenchResults {
  startedAt: string;
  config: BenchConfig;
  environment: Record<string, string | number>;
  rounds: RoundResult[];
  medians: Medians;
  goals: GoalResult[];
}

const fixed = (value: number | undefined, digits: number): string => (value === undefined || !Number.isFinite(value) ? '—' : value.toFixed(digits));
const ratio = (a: number | undefined, b: number | undefined): string =>
  a === undefined || b === undefined || !Number.isFinite(a) || !Number.isFinite(b) || b === 0 ? '—' : `${(a / b).toFixed(2)}×`;

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('   ');
  return [line(header), ...rows.map(line)].join('\n');
}

/** One table per scenario: each figure's median for every target, and the store's ratios. */
export function figureTables(scenarios: Scenario[], medians: Medians, targets: TargetName[]): string {
  return scenarios
    .map((s) => {
      const byTarget = medians[s.id] ?? {};
      const rows = s.figures.map((f) => {
        const v = (t: TargetName) => (targets.includes(t) ? byTarget[t]?.[f.key] : undefined);
        const ratios = f.ratio === false ? ['', ''] : [ratio(v('store'), v('etcd')), ratio(v('store'), v('null'))];
        return [`  ${f.label}`, ...TARGET_NAMES.map((t) => fixed(v(t), f.digits)), ...ratios];
      });
      return table([s.title, ...TARGET_NAMES, 'store/etcd', 'store/null'], rows);
    })
    .join('\n\n');
}

export function goalLines(goals: GoalResult[]): string {
  const rows = goals.map((g) => [
    g.verdict,
    g.what,
    g.verdict === 'n/a' ? `(needs store and ${g.baseline})` : `store ${fixed(g.store, 2)} vs limit ${fixed(g.limit, 2)} (${g.baseline} ${fixed(g.base, 2)}; store/${g.baseline} ${ratio(g.store, g.base)})`,
  ]);
  const width = Math.max(...rows.map((r) => r[1].length));
  return rows.map(([verdict, what, detail]) => `  ${verdict.padEnd(4)}  ${what.padEnd(width)}   ${detail}`).join('\n');
}

export const DEFINITIONS = [
  'Definitions:',
  '  figures are medians over the rounds; each round runs every scenario against every target in turn (order rotated per round).',
  '  throughput: calls answered in the measured window / window; latency: send → answer of calls sent inside the window.',
  '  server CPU per op: utime+stime of the server process (all threads, /proc/<pid>/stat) over the window / calls answered.',
  '  bench client CPU per op: the load generator\'s own CPU (it shares the machine; near 1 core it is the limit, not the server).',
  '  other processes\' CPU: machine busy time (/proc/stat) minus server and client, per second;',
  '    it includes kernel threads (journal, softirq), so a quiet run shows a little; much more means other work competed.',
  '  watch: one watcher on a prefix; one writer puts into it, pausing between an ack and its next put (a moderate rate).',
  '  watch latency "put acked → event": event arrival − put acknowledgement at the writer, 0 when the event arrives first;',
  '  "put sent → event" is the whole path. Same process, same monotonic clock; events matched to puts by revision.',
].join('\n');

export function writeResults(dir: string, results: BenchResults): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `store-${results.startedAt.replace(/[:.]/g, '-')}.json`);
  const json = JSON.stringify(results, (_key, value) => (typeof value === 'number' && !Number.isFinite(value) ? null : value), 2);
  writeFileSync(file, `${json}\n`);
  return file;
}
