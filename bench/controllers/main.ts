// `pnpm bench controllers`: a Deployment of 1,000 replicas on hollow nodes, created and then
// rolled to a new image; pods created per second, time to complete, and the
// controller-manager's CPU per pod, with the same run's plain pod-create rate as the baseline.
import { deploymentRun, type PhaseFigures } from './deployment-run.js';

const num = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);
const REPLICAS = num('BENCH_REPLICAS', 1000);
const NODES = num('BENCH_NODES', 100);
const CLIENTS = num('BENCH_CLIENTS', 50);
const log = (line: string) => process.stdout.write(`${line}\n`);

log(`Deployment of ${REPLICAS} on ${NODES} hollow nodes ...`);
const f = await deploymentRun(NODES, REPLICAS, CLIENTS, log);

const row = (name: string, p: PhaseFigures) =>
  `${name.padEnd(9)}${p.createdPerSec.toFixed(0).padStart(10)}${`${(p.createdPerSec / f.baselinePerSec).toFixed(2)}×`.padStart(13)}${p.completeSeconds.toFixed(1).padStart(13)}${p.cpuUsPerPod.toFixed(0).padStart(12)}`;
log(`\ncontrollers benchmark: Deployment of ${REPLICAS}, ${NODES} hollow nodes; baseline ${f.baselinePerSec.toFixed(0)} plain pod creates/s by ${CLIENTS} clients\n`);
log(`${'phase'.padEnd(9)}${'pods/s'.padStart(10)}${'vs baseline'.padStart(13)}${'complete s'.padStart(13)}${'CPU µs/pod'.padStart(12)}`);
log(row('create', f.create));
log(row('rollout', f.rollout));
for (const [name, p] of [['create', f.create], ['rollout', f.rollout]] as const) {
  log(`  cores used in ${name}: ${Object.entries(p.cores).map(([process, cores]) => `${process} ${cores.toFixed(2)}`).join(', ')}`);
}
log('\ntargets (issue 5)');
const pass = f.create.createdPerSec >= 200;
log(`  ${pass ? 'PASS' : 'FAIL'}  ${'≥ 200 pods/s created for a Deployment of 1,000'.padEnd(52)} ${f.create.createdPerSec.toFixed(0)} pods/s`);
process.exit(0);
