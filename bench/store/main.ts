// pnpm bench store: the same load generator against a do-nothing etcd-API server, a real
// etcd and Kubeling's store, interleaved round by round; medians over the rounds.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { closedLoop, connect, put, range, watchLatency } from './load-generator.js';
import { median } from './percentile.js';
import { memoryMiB } from './proc-stats.js';
import { startTarget, type Target, type TargetName } from './targets.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CHANNELS = 4;
const TARGETS = (process.env.BENCH_TARGETS ?? 'null,etcd,store').split(',') as TargetName[];

type Figures = Record<string, number>;

async function measure(t: Target): Promise<Figures> {
  const clients = connect(t.endpoint, CHANNELS);
  const f: Figures = {};
  for (const n of [1, 16, 64]) {
    const r = await closedLoop(clients, put, n, SECONDS, t.pid());
    f[`put/s @${n}`] = r.opsPerSec;
    f[`put p50 ms @${n}`] = r.p50Ms;
    f[`put p99 ms @${n}`] = r.p99Ms;
    if (n === 64) f['server CPU µs/put @64'] = r.cpuUsPerOp;
  }
  const rr = await closedLoop(clients, range, 16, SECONDS, t.pid());
  f['range/s @16'] = rr.opsPerSec;
  f['server CPU µs/range @16'] = rr.cpuUsPerOp;
  const w = await watchLatency(t.endpoint, clients, SECONDS);
  f['watch p50 ms'] = w.p50Ms;
  f['watch p99 ms'] = w.p99Ms;
  const mem = memoryMiB(t.pid());
  f['RSS MiB'] = mem.rss;
  f['peak RSS MiB'] = mem.peak;
  for (const c of clients) c.close();
  return f;
}

const fmt = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? '-' : v >= 100 ? v.toFixed(0) : v.toFixed(2));
const ratio = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined || b === 0 ? '-' : `${(a / b).toFixed(2)}×`);

async function main(): Promise<void> {
  const targets: Target[] = [];
  for (const name of TARGETS) targets.push(await startTarget(name));
  const rounds: Record<string, Figures[]> = Object.fromEntries(TARGETS.map((n) => [n, []]));
  try {
    for (let r = 1; r <= ROUNDS; r++) {
      for (const t of targets) {
        process.stderr.write(`round ${r}/${ROUNDS}: ${t.name}\n`);
        rounds[t.name].push(await measure(t));
      }
    }
  } finally {
    for (const t of targets) await t.stop();
  }
  const med: Record<string, Figures> = {};
  for (const name of TARGETS) {
    med[name] = {};
    for (const key of Object.keys(rounds[name][0])) med[name][key] = median(rounds[name].map((f) => f[key]));
  }
  const keys = Object.keys(med[TARGETS[0]]);
  const cols = ['figure (median of ' + ROUNDS + ')', ...TARGETS, 'store/etcd', 'store/null'];
  const rows = keys.map((k) => [k, ...TARGETS.map((n) => fmt(med[n][k])), ratio(med.store?.[k], med.etcd?.[k]), ratio(med.store?.[k], med.null?.[k])]);
  const widths = cols.map((c, i) => Math.max(c.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(`\nstore benchmark: ${SECONDS}s per measurement, ${ROUNDS} interleaved rounds, ${CHANNELS} connections, 256-byte values on 1000 keys\n`);
  console.log(line(cols));
  for (const row of rows) console.log(line(row));

  if (med.store && med.etcd && med.null) {
    const s = med.store;
    const e = med.etcd;
    const n = med.null;
    const checks: Array<[string, boolean, string]> = [
      ['put throughput @64 ≥ 1.15× etcd', s['put/s @64'] >= 1.15 * e['put/s @64'], ratio(s['put/s @64'], e['put/s @64'])],
      ['server CPU per put ≤ etcd', s['server CPU µs/put @64'] <= e['server CPU µs/put @64'], ratio(s['server CPU µs/put @64'], e['server CPU µs/put @64'])],
      ['server CPU per put ≤ 1.3× null', s['server CPU µs/put @64'] <= 1.3 * n['server CPU µs/put @64'], ratio(s['server CPU µs/put @64'], n['server CPU µs/put @64'])],
      ['put p99 @64 ≤ etcd', s['put p99 ms @64'] <= e['put p99 ms @64'], ratio(s['put p99 ms @64'], e['put p99 ms @64'])],
      ['watch p99 ≤ etcd', s['watch p99 ms'] <= e['watch p99 ms'], ratio(s['watch p99 ms'], e['watch p99 ms'])],
    ];
    console.log('\ntargets');
    for (const [what, ok, r] of checks) console.log(`  ${ok ? 'PASS' : 'FAIL'}  ${what.padEnd(34)} ${r}`);
  }
  console.log('\nwatch latency: from the put\'s acknowledgement to its event\'s arrival at the watcher (0 if the event came first).');
  const dir = join(dirname(fileURLToPath(import.meta.url)), '../results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `store-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify({ seconds: SECONDS, rounds, medians: med }, null, 2)}\n`);
  console.log(`results: ${file}`);
  process.exit(0);
}

await main();
