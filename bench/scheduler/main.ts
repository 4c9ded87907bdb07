// `pnpm bench scheduler`: 100 / 1,000 / 5,000 hollow nodes, 10,000 pods created at once; pods
// bound per second end to end, create→bound latency, and the scheduler's CPU per pod, with
// the same run's plain pod-create rate as the baseline.
import { clusterRun, type RunFigures } from './cluster-run.js';

const num = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);
const NODE_COUNTS = (process.env.BENCH_NODES ?? '100,1000,5000').split(',').map(Number);
const PODS = num('BENCH_PODS', 10_000);
const CONCURRENCY = num('BENCH_CLIENTS', 50);
const log = (line: string) => process.stdout.write(`${line}\n`);

const runs: RunFigures[] = [];
for (const nodes of NODE_COUNTS) {
  log(`${nodes} nodes, ${PODS} pods ...`);
  const f = await clusterRun(nodes, PODS, CONCURRENCY, log);
  log(`  bound ${f.boundPerSec.toFixed(0)} pods/s (creates alone: ${f.createPerSec.toFixed(0)}/s), create→bound p50 ${f.p50Ms.toFixed(0)} ms p99 ${f.p99Ms.toFixed(0)} ms, scheduler CPU ${f.schedulerCpuUsPerPod.toFixed(0)} µs/pod`);
  log(`  cores used meanwhile: ${Object.entries(f.cores).map(([name, cores]) => `${name} ${cores.toFixed(2)}`).join(', ')}`);
  runs.push(f);
}

log(`\nscheduler benchmark: ${PODS} pods created at once by ${CONCURRENCY} clients, hollow nodes\n`);
log(`${'nodes'.padStart(6)}${'bound/s'.padStart(10)}${'creates/s'.padStart(11)}${'vs creates'.padStart(12)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'CPU µs/pod'.padStart(12)}`);
for (const f of runs) {
  log(`${String(f.nodes).padStart(6)}${f.boundPerSec.toFixed(0).padStart(10)}${f.createPerSec.toFixed(0).padStart(11)}${`${(f.boundPerSec / f.createPerSec).toFixed(2)}×`.padStart(12)}${f.p50Ms.toFixed(0).padStart(9)}${f.p99Ms.toFixed(0).padStart(9)}${f.schedulerCpuUsPerPod.toFixed(0).padStart(12)}`);
}
const at = (n: number) => runs.find((f) => f.nodes === n);
const goals: Array<[string, boolean, string]> = [];
const thousand = at(1000);
if (thousand) goals.push(['≥ 300 pods/s bound end to end at 1,000 nodes', thousand.boundPerSec >= 300, `${thousand.boundPerSec.toFixed(0)} pods/s`]);
const [fewest, most] = [runs[0], runs[runs.length - 1]];
if (fewest && most && most.nodes > fewest.nodes) {
  const costGrowth = most.schedulerCpuUsPerPod / fewest.schedulerCpuUsPerPod;
  const nodeGrowth = most.nodes / fewest.nodes;
  goals.push([`CPU per pod grows sub-linearly (${fewest.nodes} → ${most.nodes} nodes)`, costGrowth < nodeGrowth, `${costGrowth.toFixed(2)}× the cost for ${nodeGrowth}× the nodes`]);
}
log('\ntargets (issue 4)');
for (const [what, pass, figure] of goals) log(`  ${pass ? 'PASS' : 'FAIL'}  ${what.padEnd(58)} ${figure}`);
process.exit(0);
