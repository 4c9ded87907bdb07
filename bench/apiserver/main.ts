// `pnpm bench apiserver`: creates, gets, lists and watch fan-out through a real store and
// apiserver, over gRPC and HTTPS, with the raw store put rate measured in the same run.
import { rmSync } from 'node:fs';
import { ApiClient } from '@kubeling/client';
import { putRequest, startApiServer, startStore } from '@kubeling/testing';
import { closedLoop } from '../store/load-generator.js';
import { median } from '../lib/median.js';
import { asyncLoop, type LoopFigures } from './async-loop.js';
import { watchFanout } from './fanout.js';
import { HttpsClient } from './https-client.js';
import { listTimes, seedPods } from './list-cache.js';

const num = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);
const ROUNDS = num('BENCH_ROUNDS', 3);
const SECONDS = num('BENCH_SECONDS', 3);
const CLIENTS = num('BENCH_CLIENTS', 50);
const WATCHERS = num('BENCH_WATCHERS', 1000);
const PODS = num('BENCH_PODS', 10_000);

const CONFIGMAP = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels: { app: 'bench' } }, data: { key: 'v'.repeat(200) } });
const VALUE = Buffer.from(JSON.stringify({ ...CONFIGMAP('x'.repeat(20)), metadata: { name: 'x', namespace: 'bench', uid: '00000000-0000-0000-0000-000000000000', creationTimestamp: '2026-12-02T00:00:00Z' } }));

const store = await startStore();
const api = await startApiServer({ etcdServers: [store.endpoint] });
const pids = () => [api.process.pid, store.process.pid];
const clients = Array.from({ length: 4 }, () => new ApiClient({ endpoints: [api.grpcEndpoint], caCertPem: api.caCertPem, ...api.admin }));
const grpc = clients[0]!;
const https = new HttpsClient(api.url, { ca: api.caCertPem, cert: api.admin.certPem, key: api.admin.keyPem }, CLIENTS);
const pick = (i: number) => clients[i % clients.length]!;

try {
  for (const ns of ['bench', 'fanout', 'list']) await grpc.create({ version: 'v1', resource: 'namespaces' }, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  const rows: Record<string, LoopFigures[]> = { 'store put (raw etcd API)': [], 'create, gRPC': [], 'create, HTTPS': [], 'get, gRPC': [], 'get, HTTPS': [] };
  let round = 0;
  const run = async (name: string, figures: Promise<LoopFigures>) => {
    const f = await figures;
    rows[name]!.push(f);
    process.stdout.write(`round ${round} ${name.padEnd(26)} ${f.opsPerSec.toFixed(0)} ops/s  p50 ${f.p50Ms.toFixed(2)} ms  p99 ${f.p99Ms.toFixed(2)} ms  server CPU ${f.serverCpuUsPerOp.toFixed(0)} µs/op\n`);
  };
  for (round = 1; round <= ROUNDS; round++) {
    let key = 0;
    await run(
      'store put (raw etcd API)',
      closedLoop({
        endpoint: store.endpoint,
        serverPid: store.process.pid,
        clients: CLIENTS,
        maxChannels: 4,
        warmupMs: 500,
        durationMs: SECONDS * 1000,
        call: (c, done) => c.put(putRequest({ key: `/registry/raw/bench/k${round}-${key++}`, value: VALUE }), (e) => done(e)),
      }).then((f) => ({ ...f, serverCpuUsPerOp: f.serverCpuUsPerOp })),
    );
    await run('create, gRPC', asyncLoop(CLIENTS, 500, SECONDS * 1000, pids(), (i) => pick(i).create({ version: 'v1', resource: 'configmaps', namespace: 'bench' }, CONFIGMAP(`g${round}-${i}`))));
    await run('create, HTTPS', asyncLoop(CLIENTS, 500, SECONDS * 1000, pids(), (i) => https.ok('POST', '/api/v1/namespaces/bench/configmaps', CONFIGMAP(`h${round}-${i}`))));
    await run('get, gRPC', asyncLoop(CLIENTS, 500, SECONDS * 1000, pids(), (i) => pick(i).get({ version: 'v1', resource: 'configmaps', namespace: 'bench', name: `g${round}-${i % 500}` })));
    await run('get, HTTPS', asyncLoop(CLIENTS, 500, SECONDS * 1000, pids(), (i) => https.ok('GET', `/api/v1/namespaces/bench/configmaps/h${round}-${i % 500}`)));
  }

  process.stdout.write(`seeding ${PODS} pods ...\n`);
  await seedPods(grpc, PODS, CLIENTS);
  const list = await listTimes(grpc, https, 5, PODS);
  process.stdout.write(`watch fan-out to ${WATCHERS} watchers ...\n`);
  const fanout = await watchFanout(clients, WATCHERS, 5);

  const med = (name: string, f: keyof LoopFigures) => median(rows[name]!.map((r) => r[f]));
  process.stdout.write(`\napiserver benchmark: ${ROUNDS} rounds of ${SECONDS} s per scenario, ${CLIENTS} concurrent clients, medians\n\n`);
  process.stdout.write(`${'scenario'.padEnd(28)}${'ops/s'.padStart(9)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'CPU µs/op'.padStart(11)}${'vs store put'.padStart(14)}\n`);
  const raw = med('store put (raw etcd API)', 'opsPerSec');
  for (const name of Object.keys(rows)) {
    const ops = med(name, 'opsPerSec');
    process.stdout.write(`${name.padEnd(28)}${ops.toFixed(0).padStart(9)}${med(name, 'p50Ms').toFixed(2).padStart(9)}${med(name, 'p99Ms').toFixed(2).padStart(9)}${med(name, 'serverCpuUsPerOp').toFixed(0).padStart(11)}${`${(ops / raw).toFixed(2)}×`.padStart(14)}\n`);
  }
  process.stdout.write(`\nlist of ${list.items} pods: from the watch cache ${list.grpcCacheMs.toFixed(1)} ms over gRPC, ${list.httpsCacheMs.toFixed(1)} ms over HTTPS; from the store ${list.httpsStoreMs.toFixed(1)} ms over HTTPS\n`);
  process.stdout.write(`watch fan-out: ${fanout.delivered}/${fanout.expected} events delivered to ${WATCHERS} watchers, p50 ${fanout.p50Ms.toFixed(1)} ms, p99 ${fanout.p99Ms.toFixed(1)} ms\n\n`);

  const goals: Array<[string, boolean, string]> = [
    ['create throughput over gRPC ≥ 50% of the raw store put rate', med('create, gRPC', 'opsPerSec') >= 0.5 * raw, `${(med('create, gRPC', 'opsPerSec') / raw).toFixed(2)}×`],
    ['create p99 < 50 ms at 50 concurrent clients (gRPC)', med('create, gRPC', 'p99Ms') < 50, `${med('create, gRPC', 'p99Ms').toFixed(1)} ms`],
    ['one event to 1,000 watchers, p99 < 200 ms', fanout.p99Ms < 200 && fanout.delivered === fanout.expected, `${fanout.p99Ms.toFixed(1)} ms, ${fanout.delivered}/${fanout.expected}`],
    ['list of 10,000 pods from the cache < 200 ms (gRPC)', list.grpcCacheMs < 200, `${list.grpcCacheMs.toFixed(1)} ms`],
    ['list of 10,000 pods from the cache < 200 ms (HTTPS)', list.httpsCacheMs < 200, `${list.httpsCacheMs.toFixed(1)} ms`],
  ];
  process.stdout.write('targets (issue 3)\n');
  for (const [what, pass, figure] of goals) process.stdout.write(`  ${pass ? 'PASS' : 'FAIL'}  ${what.padEnd(62)} ${figure}\n`);
} finally {
  for (const c of clients) c.close();
  https.close();
  await api.stop();
  await store.stop();
  rmSync(api.dataDir, { recursive: true, force: true });
  rmSync(store.dataDir, { recursive: true, force: true });
}
process.exit(0);
