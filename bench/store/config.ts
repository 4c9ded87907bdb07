// The store benchmark's knobs, from environment variables so a quick run can shrink them.

export type TargetName = 'null' | 'etcd' | 'store';
export const TARGET_NAMES: readonly TargetName[] = ['null', 'etcd', 'store'];

export interface BenchConfig {
  targets: TargetName[];
  rounds: number;
  /** Measured window of each scenario, after the warm-up. */
  durationMs: number;
  warmupMs: number;
  /** Concurrent in-flight callers of the put scenarios. */
  putClients: number[];
  rangeClients: number;
  /** Pause between one watched put's acknowledgement and the next put. */
  watchIntervalMs: number;
  /** Most gRPC connections the callers share, as a real client multiplexes over few. */
  maxChannels: number;
  keys: number;
  valueBytes: number;
  /** Total time the run may spend waiting for other processes to go quiet before a measurement. */
  quietBudgetMs: number;
  /** How often a measurement that other processes disturbed is taken again. */
  retries: number;
}

function numberEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name}=${raw}: expected a non-negative number`);
  return value;
}

function listEnv(name: string, fallback: string): string[] {
  return (process.env[name] || fallback).split(',').map((s) => s.trim()).filter(Boolean);
}

function clientCounts(): number[] {
  const counts = listEnv('BENCH_PUT_CLIENTS', '1,16,64').map(Number);
  if (counts.length === 0 || !counts.every((n) => Number.isInteger(n) && n > 0)) throw new Error('BENCH_PUT_CLIENTS: expected positive integers, e.g. 1,16,64');
  return counts;
}

function targetsEnv(): TargetName[] {
  const names = listEnv('BENCH_TARGETS', TARGET_NAMES.join(','));
  for (const name of names) {
    if (!TARGET_NAMES.includes(name as TargetName)) throw new Error(`BENCH_TARGETS: unknown target ${name} (known: ${TARGET_NAMES.join(', ')})`);
  }
  // Always in the canonical order, so tables read null | etcd | store.
  return TARGET_NAMES.filter((t) => names.includes(t));
}

export function benchConfig(): BenchConfig {
  return {
    targets: targetsEnv(),
    rounds: Math.max(1, numberEnv('BENCH_ROUNDS', 3)),
    durationMs: numberEnv('BENCH_DURATION_MS', numberEnv('BENCH_SECONDS', 3) * 1000),
    warmupMs: numberEnv('BENCH_WARMUP_MS', 500),
    putClients: clientCounts(),
    rangeClients: numberEnv('BENCH_RANGE_CLIENTS', 64),
    watchIntervalMs: numberEnv('BENCH_WATCH_INTERVAL_MS', 5),
    maxChannels: Math.max(1, numberEnv('BENCH_CHANNELS', 4)),
    keys: 1_000,
    valueBytes: 256,
    quietBudgetMs: numberEnv('BENCH_QUIET_BUDGET_S', 600) * 1000,
    retries: numberEnv('BENCH_RETRIES', 2),
  };
}

export const CONFIG_HELP = `environment: BENCH_TARGETS=null,etcd,store BENCH_ROUNDS=3 BENCH_DURATION_MS=3000 (or BENCH_SECONDS=3) BENCH_WARMUP_MS=500
             BENCH_PUT_CLIENTS=1,16,64 BENCH_RANGE_CLIENTS=64 BENCH_WATCH_INTERVAL_MS=5 BENCH_CHANNELS=4
             BENCH_QUIET_BUDGET_S=600 BENCH_RETRIES=2 (wait for, and re-measure after, other processes' CPU use)`;
