import type { ApiClient } from '@kubeling/client';
import { nowMs } from '../lib/latency-recorder.js';
import { median } from '../lib/median.js';
import type { HttpsClient } from './https-client.js';

const POD = (name: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, labels: { app: 'bench', tier: 'list' } },
  spec: { containers: [{ name: 'app', image: 'busybox:1.36', command: ['sleep', '3600'], resources: { requests: { cpu: '10m', memory: '16Mi' } } }] },
});

/** Creates `count` pods in namespace "list", `concurrency` at a time. */
export async function seedPods(client: ApiClient, count: number, concurrency: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      await client.create({ version: 'v1', resource: 'pods', namespace: 'list' }, POD(`pod-${String(i).padStart(5, '0')}`));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

export interface ListFigures {
  grpcCacheMs: number;
  httpsCacheMs: number;
  httpsStoreMs: number;
  items: number;
}

/** Median time of whole lists: from the watch cache (resourceVersion=0) over gRPC and HTTPS, and from the store. */
export async function listTimes(client: ApiClient, https: HttpsClient, reps: number, expected: number): Promise<ListFigures> {
  const grpc: number[] = [];
  const httpsCache: number[] = [];
  const httpsStore: number[] = [];
  let items = 0;
  for (let i = 0; i < reps; i++) {
    let t = nowMs();
    items = (await client.list({ version: 'v1', resource: 'pods', namespace: 'list' }, { resourceVersion: '0' })).items.length;
    grpc.push(nowMs() - t);
    t = nowMs();
    const body = await https.ok('GET', '/api/v1/namespaces/list/pods?resourceVersion=0');
    httpsCache.push(nowMs() - t);
    if ((JSON.parse(body) as { items: unknown[] }).items.length !== expected) throw new Error('the cached list is short');
    t = nowMs();
    await https.ok('GET', '/api/v1/namespaces/list/pods');
    httpsStore.push(nowMs() - t);
  }
  if (items !== expected) throw new Error(`listed ${items} pods, expected ${expected}`);
  return { grpcCacheMs: median(grpc), httpsCacheMs: median(httpsCache), httpsStoreMs: median(httpsStore), items };
}
