import { WatchClient, type KVClient, type PutRequest, type PutResponse, type WatchResponse } from '@kubeling/proto/etcd';
import { credentials } from '@grpc/grpc-js';
import { watchCreateRequest } from '@kubeling/testing';
import { LatencyRecorder, nowMs } from '../lib/latency-recorder.js';
import { sleep, withTimeout } from '../lib/timers.js';
import { kvChannels, pick, watchRange } from './workload.js';

export interface WatchOptions {
  endpoint: string;
  warmupMs: number;
  durationMs: number;
  /** Pause after each acknowledged put before the next: a moderate, steady write rate. */
  intervalMs: number;
  /** Puts inside the watched prefix. */
  puts: PutRequest[];
}

export interface WatchFigures {
  /** Event delivered − put acknowledged, 0 when the event came first (what a writer that then waits on its watch sees). */
  ackToEventP50Ms: number;
  ackToEventP99Ms: number;
  /** Event delivered − put sent: the whole way from the writer to the watcher. */
  sendToEventP50Ms: number;
  sendToEventP99Ms: number;
  /** Share of events that arrived before their put's acknowledgement. */
  eventFirstPct: number;
  puts: number;
  /** Acknowledged puts whose event never arrived (must be 0). */
  missed: number;
}

interface Write {
  revision: bigint;
  sent: number;
  acked: number;
}

const EVENT_GRACE_MS = 5_000;

function putOnce(kv: KVClient, request: PutRequest): Promise<PutResponse> {
  return new Promise((resolve, reject) => kv.put(request, (error, response) => (error ? reject(error) : resolve(response))));
}

/**
 * One watcher on the prefix and one writer on the same connection (as one etcd client would),
 * so that both times come from the same clock. Events are matched to puts by revision.
 */
export async function watchLatency(options: WatchOptions): Promise<WatchFigures> {
  const [kv] = kvChannels(options.endpoint, 1);
  const watch = new WatchClient(options.endpoint, credentials.createInsecure(), { channelOverride: kv.getChannel() });
  const stream = watch.watch();
  const delivered = new Map<bigint, number>();
  try {
    const created = new Promise<void>((resolve, reject) => {
      stream.on('data', (response: WatchResponse) => {
        const at = nowMs();
        if (response.created) resolve();
        for (const event of response.events) if (event.kv) delivered.set(event.kv.modRevision, at);
      });
      stream.on('error', reject);
    });
    stream.write(watchCreateRequest(watchRange));
    await withTimeout(created, 10_000, 'watch was not created');

    const writes: Write[] = [];
    const windowStart = nowMs() + options.warmupMs;
    const windowEnd = windowStart + options.durationMs;
    while (nowMs() < windowEnd) {
      const sent = nowMs();
      const response = await putOnce(kv, pick(options.puts));
      if (sent >= windowStart) writes.push({ revision: response.header!.revision, sent, acked: nowMs() });
      await sleep(options.intervalMs);
    }
    const graceEnd = nowMs() + EVENT_GRACE_MS;
    while (writes.some((w) => !delivered.has(w.revision)) && nowMs() < graceEnd) await sleep(10);
    return figures(writes, delivered);
  } finally {
    stream.removeAllListeners('error');
    stream.on('error', () => {}); // the cancellation below surfaces as a CANCELLED error
    stream.cancel();
    kv.close();
  }
}

function figures(writes: Write[], delivered: Map<bigint, number>): WatchFigures {
  const ackToEvent = new LatencyRecorder();
  const sendToEvent = new LatencyRecorder();
  let eventFirst = 0;
  let missed = 0;
  for (const w of writes) {
    const at = delivered.get(w.revision);
    if (at === undefined) {
      missed++;
      continue;
    }
    if (at < w.acked) eventFirst++;
    ackToEvent.record(Math.max(0, at - w.acked));
    sendToEvent.record(at - w.sent);
  }
  return {
    ackToEventP50Ms: ackToEvent.percentile(50),
    ackToEventP99Ms: ackToEvent.percentile(99),
    sendToEventP50Ms: sendToEvent.percentile(50),
    sendToEventP99Ms: sendToEvent.percentile(99),
    eventFirstPct: writes.length ? (100 * eventFirst) / writes.length : NaN,
    puts: writes.length,
    missed,
  };
}
