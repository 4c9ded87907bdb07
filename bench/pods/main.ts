// `pnpm bench pods`: 30 pods created at once on one node run by a real kubelet (with its
// in-process dockershim), create→Running latency against the same pods made on bare Docker in
// the same run; then the kubelet's idle CPU and memory with those pods running.
// BENCH_CPU_PROF=kubelet writes the kubelet's V8 CPU profile (lib/hollow-cluster.ts profiling()).
import { ensureImages } from '../../packages/images/src/index.js';
import type { LatencyRecorder } from '../lib/latency-recorder.js';
import { QuietMachine } from '../lib/quiet-machine.js';
import { sleep } from '../lib/timers.js';
import { bareDockerPods } from './bare-docker-pods.js';
import { removeBareDockerPods, removeEverything } from './cleanup.js';
import { BARE_IP_PREFIX, IDLE_SECONDS, NETWORK, PODS } from './config.js';
import { closeEngine } from './engine-api.js';
import { idleUsage } from './idle-usage.js';
import { startKubeletNode, type KubeletNode } from './kubelet-node.js';
import { kubeletPods } from './kubelet-pods.js';

/** After the last pod turned Ready, before idling is measured: status writes and the first resync settle. */
const SETTLE_MS = 15_000;
const log = (line: string) => process.stdout.write(`${line}\n`);
const runId = String(process.pid);

async function measure(node: KubeletNode): Promise<void> {
  // Others' load on this shared machine would be measured as ours: wait for quiet moments, within a budget.
  const quiet = new QuietMachine(120_000, 0.5, log);
  const pids = Object.values(node.pids);
  await quiet.wait(pids);
  log(`${PODS} pods on bare Docker ...`);
  const docker = await bareDockerPods({ runId, network: NETWORK, ipPrefix: BARE_IP_PREFIX }, PODS);
  await removeBareDockerPods(runId);

  await quiet.wait(pids);
  log(`${PODS} pods through the kubelet ...`);
  const kubelet = await kubeletPods(node.client, PODS, log);

  log(`all Running and Ready; settling ${SETTLE_MS / 1000} s, then measuring the kubelet idle for ${IDLE_SECONDS} s ...`);
  await sleep(SETTLE_MS);
  const idle = await idleUsage(node.kubelet.pid, IDLE_SECONDS * 1000);

  const ratio = kubelet.percentile(50) / docker.percentile(50);
  const row = (name: string, r: LatencyRecorder) => `${name.padEnd(14)}${r.percentile(50).toFixed(0).padStart(9)}${r.percentile(99).toFixed(0).padStart(9)}`;
  log(`\npods benchmark: ${PODS} pods created at once on one node (kubelet process with its in-process dockershim)\n`);
  log(`${'create→Running'.padEnd(14)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}`);
  log(row('kubelet', kubelet));
  log(row('bare Docker', docker));
  log(`p50 kubelet / bare Docker: ${ratio.toFixed(2)}×`);
  log(`kubelet idle with ${PODS} pods running, over ${IDLE_SECONDS} s: CPU ${idle.cpuPercent.toFixed(2)}% of one core, RSS ${idle.rssMiB.toFixed(0)} MiB (peak ${idle.hwmMiB.toFixed(0)} MiB)`);
  const goals: Array<[string, boolean, string]> = [
    ['create→Running p50 ≤ 1.5× bare Docker', ratio <= 1.5, `${ratio.toFixed(2)}×`],
    ['kubelet idle CPU < 1% of one core (dockershim included)', idle.cpuPercent < 1, `${idle.cpuPercent.toFixed(2)}%`],
    ['kubelet RSS < 100 MiB', idle.rssMiB < 100, `${idle.rssMiB.toFixed(0)} MiB`],
  ];
  log('\ntargets (issue 6)');
  for (const [what, pass, figure] of goals) log(`  ${pass ? 'PASS' : 'FAIL'}  ${what.padEnd(58)} ${figure}`);
}

await ensureImages();
let node: KubeletNode | undefined;
try {
  log('starting a store, an apiserver and the kubelet ...');
  node = await startKubeletNode();
  await measure(node);
} finally {
  await node?.stop();
  const removed = await removeEverything(runId);
  log(`\nremoved ${removed} containers and the network ${NETWORK}`);
  closeEngine();
}
process.exit(0);
