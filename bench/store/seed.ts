import type { PutRequest } from '@kubeling/proto/etcd';
import { kvChannels } from './workload.js';

/** Writes every key once (a few puts in flight), so that every range the benchmark makes finds a value. */
export async function seed(endpoint: string, puts: PutRequest[], inFlight = 16): Promise<void> {
  const [kv] = kvChannels(endpoint, 1);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < puts.length) {
      const request = puts[next++];
      await new Promise<void>((resolve, reject) => kv.put(request, (error) => (error ? reject(error) : resolve())));
    }
  };
  try {
    await Promise.all(Array.from({ length: inFlight }, worker));
  } finally {
    kv.close();
  }
}
