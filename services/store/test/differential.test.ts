// Differential test: the same seeded random sequence of KV, Txn, Compact and Lease requests
// against a real etcd 3.4 and against the store must give the same answers (whole decoded
// responses with their revisions and versions, or the same gRPC status and message), and
// whole-keyspace watches must deliver the same events. Run first etcd against etcd, which
// proves the sequence deterministic, so every difference etcd-vs-store is the store's.
// Replay a run with SEED=<seed> (each run logs its seed).
import test, { type ExecutionContext } from 'ava';
import { etcdCalls, etcdClients, grpcStatusOf, putRequest, startEtcd, startStore, type EtcdServer } from '@kubeling/testing';
import { disposeServer } from './robustness-support/target.js';
import type { Side } from './support/differential-op.js';
import { runDifferential } from './support/differential-run.js';
import { MAX_REQUEST_BYTES } from './support/op-generator.js';
import { seedFromEnv } from './support/seeded-random.js';

const OP_COUNT = 5_000;
const seed = seedFromEnv();

function sideOf(server: EtcdServer, name: string): Side {
  const clients = etcdClients(server.endpoint);
  return { name, clients, calls: etcdCalls(clients) };
}

/** Starts both servers (disposed after the test) and gives each a client. */
async function sides(t: ExecutionContext, start: () => Promise<[EtcdServer, EtcdServer]>): Promise<[Side, Side]> {
  const servers = await start();
  t.teardown(() => Promise.all(servers.map(disposeServer)));
  const pair: [Side, Side] = [sideOf(servers[0], `${servers[0].kind} (reference)`), sideOf(servers[1], `${servers[1].kind} (under test)`)];
  t.teardown(() => pair.forEach((s) => s.clients.close()));
  return pair;
}

async function assertSameAnswers(t: ExecutionContext, [reference, candidate]: [Side, Side]): Promise<void> {
  t.log(`seed ${seed}, ${OP_COUNT} ops`);
  const report = await runDifferential(reference, candidate, seed, OP_COUNT);
  t.log(`${report.opsRun} ops agreed; watch events: ${report.events.join(', ')}`);
  t.log([...report.tally].sort().map(([k, n]) => `${n} × ${k}`).join('\n'));
  if (report.mismatch) t.fail(report.mismatch);
  else t.is(report.opsRun, OP_COUNT);
}

test.serial('etcd against etcd: the generated run is deterministic (proves the test)', async (t) => {
  await assertSameAnswers(t, await sides(t, () => Promise.all([startEtcd(), startEtcd()])));
});

test.serial('the store answers the generated run exactly as etcd does', async (t) => {
  await assertSameAnswers(t, await sides(t, () => Promise.all([startEtcd(), startStore()])));
});

test.serial('a value over the gRPC message limit (max request bytes + 512 KiB) is refused with etcd status and message', async (t) => {
  const [reference, candidate] = await sides(t, () => Promise.all([startEtcd(), startStore()]));
  const request = putRequest({ key: 'big', value: Buffer.alloc(2 * MAX_REQUEST_BYTES, 'x') });
  const refusal = (side: Side) => side.calls.put(request).then(() => 'accepted', grpcStatusOf);
  t.deepEqual(await refusal(candidate), await refusal(reference));
});
