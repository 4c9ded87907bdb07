// The measured path: `count` pods bound to the node created at once; each pod's latency from
// its create call to the first watch event showing it Running with its container running.
import { Watcher, type ApiClient } from '@kubeling/client';
import { waitFor } from '@kubeling/testing';
import { LatencyRecorder, nowMs } from '../lib/latency-recorder.js';
import { BUSYBOX, NODE, SLEEP } from './config.js';
import { conditionTrue, type PodObject } from './objects.js';

const PODS = { version: 'v1', resource: 'pods', namespace: 'default' };
const SELECTOR = 'app=bench-pods';

const benchPod = (name: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, labels: { app: 'bench-pods' } },
  spec: { nodeName: NODE, terminationGracePeriodSeconds: 1, containers: [{ name: 'app', image: BUSYBOX, command: SLEEP }] },
});

const running = (pod: PodObject) => pod.status?.phase === 'Running' && pod.status.containerStatuses?.some((s) => s.name === 'app' && s.state?.running) === true;

/** Creates the pods concurrently and resolves once all run (and turned Ready), with their create→Running latencies. */
export async function kubeletPods(client: ApiClient, count: number, log: (line: string) => void): Promise<LatencyRecorder> {
  const latencies = new LatencyRecorder();
  const sent = new Map<string, number>();
  const seen = new Set<string>();
  const readyPods = new Set<string>();
  const list = await client.list(PODS, { labelSelector: SELECTOR });
  const watcher = new Watcher<PodObject>(client, PODS, { labelSelector: SELECTOR, resourceVersion: list.resourceVersion }, {
    onEvent: (_type, pod) => {
      const name = pod.metadata!.name!;
      if (conditionTrue(pod, 'Ready')) readyPods.add(name);
      const t0 = sent.get(name);
      if (t0 === undefined || seen.has(name) || !running(pod)) return;
      seen.add(name);
      latencies.record(nowMs() - t0);
    },
    onGone: () => log('  the pod watch was told 410; latencies are partial'),
  });
  try {
    await Promise.all(
      Array.from({ length: count }, (_, i) => {
        const name = `pod-${i}`;
        sent.set(name, nowMs());
        return client.create(PODS, benchPod(name));
      }),
    );
    await waitFor(() => seen.size === count, { timeoutMs: 300_000, intervalMs: 50, what: `${count} pods Running` });
    await waitFor(() => readyPods.size === count, { timeoutMs: 120_000, intervalMs: 200, what: `${count} pods Ready` });
  } finally {
    watcher.stop();
  }
  return latencies;
}
