import type { ApiClient } from '@kubeling/client';
import { LatencyRecorder, nowMs } from '../lib/latency-recorder.js';
import { sleep } from '../lib/timers.js';

/**
 * `watchers` gRPC watches on one namespace's configmaps; each of `events` creates is
 * timed from just before the create to its arrival at every watcher.
 */
export async function watchFanout(clients: ApiClient[], watchers: number, events: number): Promise<{ p50Ms: number; p99Ms: number; delivered: number; expected: number }> {
  const ref = { version: 'v1', resource: 'configmaps', namespace: 'fanout' };
  const start = await clients[0]!.list(ref);
  const latency = new LatencyRecorder();
  let sentAt = 0;
  let arrived = 0;
  const streams = Array.from({ length: watchers }, (_, i) => {
    const stream = clients[i % clients.length]!.watchStream(ref, { resourceVersion: start.resourceVersion });
    stream.on('data', () => {
      latency.record(nowMs() - sentAt);
      arrived++;
    });
    stream.on('error', () => undefined);
    return stream;
  });
  // Let every watch register before the first event (there is no acknowledgement to wait for).
  await sleep(2000);
  for (let e = 0; e < events; e++) {
    const target = arrived + watchers;
    sentAt = nowMs();
    await clients[0]!.create(ref, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `fan-${e}-${Date.now()}` }, data: { e: String(e) } });
    const deadline = Date.now() + 10_000;
    while (arrived < target && Date.now() < deadline) await sleep(5);
    await sleep(200);
  }
  for (const s of streams) s.cancel();
  return { p50Ms: latency.percentile(50), p99Ms: latency.percentile(99), delivered: latency.count, expected: watchers * events };
}
