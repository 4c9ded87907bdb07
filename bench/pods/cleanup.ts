// Removes what the benchmark made in Docker, found by its labels: the kubelet's containers
// (cluster label), the bare-Docker ones (bench label), and the network.
import { containerIdsLabelled, removeContainer, removeNetwork } from './engine-api.js';
import { BENCH_LABEL, CLUSTER, NETWORK } from './config.js';

async function removeLabelled(key: string, value: string): Promise<number> {
  const ids = await containerIdsLabelled(key, value);
  await Promise.all(ids.map((id) => removeContainer(id)));
  return ids.length;
}

export const removeBareDockerPods = (runId: string): Promise<number> => removeLabelled(BENCH_LABEL, runId);

/** Every container either kind of pod left, then the network; resolves to the containers removed. */
export async function removeEverything(runId: string): Promise<number> {
  const removed = (await removeLabelled('io.kubeling.cluster', CLUSTER)) + (await removeBareDockerPods(runId));
  await removeNetwork(NETWORK).catch(() => undefined);
  return removed;
}
