// pnpm bench store: one load generator, in one run, against a do-nothing etcd-API server (the
// transport's floor), a real etcd and Kubeling's store; interleaved rounds, medians, ratios and
// issue 2's targets. A measurement, not a test: it exits 0 whatever the numbers.
import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { CLK_TCK } from '../lib/proc-stats.js';
import { QuietMachine } from '../lib/quiet-machine.js';
import { mediansOf } from './aggregate.js';
import { benchConfig, CONFIG_HELP, type BenchConfig } from './config.js';
import { evaluateGoals, storeGoals } from './goals.js';
import { DEFINITIONS, figureTables, goalLines, writeResults, type BenchResults, type RoundResult } from './report.js';
import { scenarios, type Figures, type Scenario } from './scenarios.js';
import { seed } from './seed.js';
import { startTarget, type Target } from './targets.js';
import { KV_PREFIX, WATCH_PREFIX, workload } from './workload.js';

const RESULTS_DIR = fileURLToPath(new URL('../results', import.meta.url));

/** Other processes' CPU above which a measurement counts as disturbed (kernel threads alone stay below). */
const NOISY_CORES = 0.25;
/** Other processes' CPU under which the machine counts as quiet enough to start a measurement. */
const QUIET_CORES = 0.15;

const log = (line: string): void => void process.stderr.write(`${line}\n`);

function etcdVersion(): string {
  try {
    return execFileSync('etcd', ['--version'], { encoding: 'utf8' }).split('\n')[0];
  } catch {
    return 'unknown';
  }
}

function describe(config: BenchConfig): string {
  return (
    `store benchmark: targets ${config.targets.join(', ')}; ${config.rounds} interleaved rounds; ` +
    `${config.warmupMs} ms warm-up + ${config.durationMs} ms measured per scenario; ` +
    `${config.valueBytes}-byte values on ${config.keys} keys; callers share min(clients, ${config.maxChannels}) connections`
  );
}

const rotate = <T>(items: T[], by: number): T[] => items.map((_, i) => items[(i + by) % items.length]);

const disturbed = (figures: Figures): boolean => figures.otherCpuCores > NOISY_CORES;

function progress(round: number, scenario: Scenario, target: Target, figures: Figures): string {
  const shown = scenario.figures.slice(0, 3).map((f) => `${f.label} ${figures[f.key]?.toFixed(f.digits)}`);
  const noise = disturbed(figures) ? ` (noisy: other processes used ${figures.otherCpuCores.toFixed(2)} cores)` : '';
  return `round ${round} ${scenario.id.padEnd(7)} ${target.name.padEnd(5)} ${shown.join(', ')}${noise}`;
}

/** Runs a scenario once the machine is quiet, again (up to config.retries) if other work disturbed it. */
async function measureQuietly(scenario: Scenario, target: Target, pids: number[], config: BenchConfig, quiet: QuietMachine): Promise<Figures> {
  for (let attempt = 0; ; attempt++) {
    await quiet.wait(pids);
    const figures = await scenario.run(target);
    if (!disturbed(figures) || attempt >= config.retries || quiet.exhausted) return figures;
    log(`  ${scenario.id} ${target.name}: other processes used ${figures.otherCpuCores.toFixed(2)} cores; measuring again`);
  }
}

async function runRounds(config: BenchConfig, list: Scenario[], targets: Target[]): Promise<RoundResult[]> {
  const rounds: RoundResult[] = [];
  const quiet = new QuietMachine(config.quietBudgetMs, QUIET_CORES, log);
  const pids = targets.map((t) => t.pid);
  for (let round = 1; round <= config.rounds; round++) {
    for (const scenario of list) {
      // Every target runs the same scenario back to back, so each comparison is made close in time.
      for (const target of rotate(targets, round - 1)) {
        try {
          const figures = await measureQuietly(scenario, target, pids, config, quiet);
          rounds.push({ round, scenario: scenario.id, target: target.name, figures });
          log(progress(round, scenario, target, figures));
        } catch (error) {
          log(`round ${round} ${scenario.id} ${target.name}: FAILED ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    }
  }
  return rounds;
}

export async function main(): Promise<void> {
  const config = benchConfig();
  const startedAt = new Date().toISOString();
  log(describe(config));
  log(CONFIG_HELP);
  const kv = workload(KV_PREFIX, config.keys, config.valueBytes);
  const list = scenarios({ config, kv, watched: workload(WATCH_PREFIX, config.keys, config.valueBytes) });
  const targets: Target[] = [];
  const stopAll = () => Promise.allSettled(targets.map((t) => t.stop()));
  // The servers are our children: an interrupted run must not leave them behind.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stopAll().then(() => process.exit(130)));
  let rounds: RoundResult[];
  try {
    for (const name of config.targets) {
      const target = await startTarget(name);
      targets.push(target);
      await seed(target.endpoint, kv.puts);
      log(`started ${name} on ${target.endpoint} (pid ${target.pid})`);
    }
    rounds = await runRounds(config, list, targets);
  } finally {
    await stopAll();
  }

  const medians = mediansOf(rounds);
  const goals = evaluateGoals(storeGoals(config.putClients), medians);
  const results: BenchResults = {
    startedAt,
    config,
    environment: { cpus: availableParallelism(), node: process.version, etcd: etcdVersion(), clkTck: CLK_TCK },
    rounds,
    medians,
    goals,
  };
  console.log(`\n${describe(config)}\n`);
  console.log(figureTables(list, medians, config.targets));
  console.log(`\ntargets (issue 2)\n${goalLines(goals)}`);
  const noisy = rounds.filter((r) => disturbed(r.figures)).length;
  if (noisy > 0) console.log(`\nWARNING: in ${noisy} of ${rounds.length} measurements other processes used over ${NOISY_CORES} cores: the machine was not quiet.`);
  console.log(`\n${DEFINITIONS}`);
  console.log(`\nresults: ${writeResults(RESULTS_DIR, results)}`);
}

await main();
process.exit(0);
