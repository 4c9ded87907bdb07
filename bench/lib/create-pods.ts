// Plain pod creates at a fixed concurrency: the baseline the cluster benchmarks measure
// against (the apiserver's own pace for the same objects in the same run).
import type { ApiClient } from '@kubeling/client';
import { nowMs } from './latency-recorder.js';

/** A small pod for `schedulerName`; one nobody runs keeps it pending and costs nothing later. */
export const benchPod = (name: string, schedulerName: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, labels: { app: 'bench' } },
  spec: { schedulerName, containers: [{ name: 'app', image: 'busybox', resources: { requests: { cpu: '10m', memory: '16Mi' } } }] },
});

/** Creates `count` pods named pod-0.. in `namespace`; `sent` records when each create was sent. */
export async function createPods(client: ApiClient, namespace: string, schedulerName: string, count: number, concurrency: number, sent?: Map<string, number>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const name = `pod-${next++}`;
      sent?.set(name, nowMs());
      await client.create({ version: 'v1', resource: 'pods', namespace }, benchPod(name, schedulerName));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/** Pods per second for plain creates of `count` pods (pending forever: no scheduler has that name). */
export async function baselineCreatesPerSec(client: ApiClient, namespace: string, count: number, concurrency: number): Promise<number> {
  const t0 = nowMs();
  await createPods(client, namespace, 'no-such-scheduler', count, concurrency);
  return count / ((nowMs() - t0) / 1000);
}
