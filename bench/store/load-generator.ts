import { credentials, Metadata } from '@grpc/grpc-js';
import { KVClient, WatchClient, type PutRequest, type RangeRequest, type WatchResponse } from '@kubeling/proto/etcd';
import { cpuSeconds } from './proc-stats.js';
import { percentile } from './percentile.js';

/** Separate HTTP/2 connections (grpc-js would otherwise share one subchannel between clients). */
export function connect(endpoint: string, channels: number): KVClient[] {
  return Array.from({ length: channels }, () => new KVClient(endpoint, credentials.createInsecure(), { 'grpc.use_local_subchannel_pool': 1 }));
}

export interface LoadResult {
  opsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  /** Server CPU microseconds per operation over the measured window. */
  cpuUsPerOp: number;
}

const VALUE = Buffer.alloc(256, 'v');
const KEYS = 1000;
const key = (i: number) => Buffer.from(`/bench/key-${i % KEYS}`);

const putRequest = (i: number): PutRequest => ({ key: key(i), value: VALUE, lease: 0n, prevKv: false, ignoreValue: false, ignoreLease: false });
const rangeRequest = (i: number): RangeRequest => ({
  key: key(i), rangeEnd: Buffer.alloc(0), limit: 0n, revision: 0n, sortOrder: 0, sortTarget: 0, serializable: false, keysOnly: false, countOnly: false,
  minModRevision: 0n, maxModRevision: 0n, minCreateRevision: 0n, maxCreateRevision: 0n,
});

type Call = (client: KVClient, i: number) => Promise<void>;

export const put: Call = (client, i) =>
  new Promise((resolve, reject) => client.put(putRequest(i), (err) => (err ? reject(err) : resolve())));
export const range: Call = (client, i) =>
  new Promise((resolve, reject) => client.range(rangeRequest(i), (err) => (err ? reject(err) : resolve())));

/**
 * `concurrency` callers, each with one request in flight, spread over the channels, for
 * warm-up then `seconds` of measurement; CPU is read from /proc around the window.
 */
export async function closedLoop(clients: KVClient[], call: Call, concurrency: number, seconds: number, serverPid: number): Promise<LoadResult> {
  const warmupEnd = performance.now() + 500;
  const end = warmupEnd + seconds * 1000;
  const latencies: number[] = [];
  let ops = 0;
  let cpuStart = 0;
  let started = false;
  let seq = 0;
  const caller = async (c: number) => {
    const client = clients[c % clients.length];
    for (;;) {
      const t0 = performance.now();
      if (t0 >= end) return;
      if (!started && t0 >= warmupEnd) {
        started = true;
        cpuStart = cpuSeconds(serverPid);
      }
      await call(client, seq++);
      if (t0 >= warmupEnd) {
        latencies.push(performance.now() - t0);
        ops++;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, c) => caller(c)));
  const cpu = cpuSeconds(serverPid) - cpuStart;
  return { opsPerSec: ops / seconds, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99), cpuUsPerOp: (cpu * 1e6) / ops };
}

/**
 * Watch latency: one watcher on the bench prefix; one writer puts every 5 ms; latency is
 * the time from a put's acknowledgement to its event's arrival (0 if the event came first).
 */
export async function watchLatency(endpoint: string, clients: KVClient[], seconds: number): Promise<{ p50Ms: number; p99Ms: number }> {
  const watch = new WatchClient(endpoint, credentials.createInsecure(), { 'grpc.use_local_subchannel_pool': 1 });
  const stream = watch.watch(new Metadata());
  const events = new Map<bigint, number>();
  const created = new Promise<void>((resolve) =>
    stream.on('data', (resp: WatchResponse) => {
      const now = performance.now();
      if (resp.created) resolve();
      for (const ev of resp.events) events.set(ev.kv!.modRevision, now);
    }),
  );
  stream.on('error', () => {});
  stream.write({ createRequest: { key: Buffer.from('/bench/'), rangeEnd: Buffer.from('/bench0'), startRevision: 0n, progressNotify: false, filters: [], prevKv: false, watchId: 0n, fragment: false } });
  await created;
  const acks = new Map<bigint, number>();
  const end = performance.now() + seconds * 1000;
  for (let i = 0; performance.now() < end; i++) {
    const revision = await new Promise<bigint>((resolve, reject) =>
      clients[0].put(putRequest(i), (err, resp) => (err ? reject(err) : resolve(resp!.header!.revision))),
    );
    acks.set(revision, performance.now());
    await new Promise((r) => setTimeout(r, 5));
  }
  await new Promise((r) => setTimeout(r, 200));
  stream.cancel();
  watch.close();
  const latencies = [...acks].filter(([rev]) => events.has(rev)).map(([rev, ack]) => Math.max(0, events.get(rev)! - ack));
  if (latencies.length < acks.size) throw new Error(`watch missed ${acks.size - latencies.length} of ${acks.size} events`);
  return { p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99) };
}
