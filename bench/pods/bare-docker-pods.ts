// The baseline: what a pod costs on Docker alone. For each "pod", a pause container on the
// cluster network at a fixed IP, then an app container joined to its network and IPC
// namespaces (as the dockershim does), all pods at once through the Engine API.
import { LatencyRecorder, nowMs } from '../lib/latency-recorder.js';
import { engine } from './engine-api.js';
import { BENCH_LABEL, BUSYBOX, PAUSE, SLEEP } from './config.js';

export interface BareDockerRun {
  /** Run id carried by every container made here (label BENCH_LABEL), for removal. */
  runId: string;
  network: string;
  /** The first three octets of the IPs the sandboxes get, e.g. '10.230.2'. */
  ipPrefix: string;
}

async function createAndStart(name: string, options: object): Promise<string> {
  const { Id } = await engine<{ Id: string }>('POST', `/containers/create?name=${encodeURIComponent(name)}`, options);
  await engine('POST', `/containers/${Id}/start`);
  return Id;
}

/** One pod: sandbox created and started, then the app container created and started. */
async function runPod(run: BareDockerRun, i: number): Promise<void> {
  const labels = { [BENCH_LABEL]: run.runId };
  const sandbox = await createAndStart(`bench-pods-${run.runId}-pause-${i}`, {
    Image: PAUSE,
    Labels: labels,
    HostConfig: { NetworkMode: run.network, IpcMode: 'shareable' },
    NetworkingConfig: { EndpointsConfig: { [run.network]: { IPAMConfig: { IPv4Address: `${run.ipPrefix}.${10 + i}` } } } },
  });
  await createAndStart(`bench-pods-${run.runId}-app-${i}`, {
    Image: BUSYBOX,
    Entrypoint: SLEEP,
    Labels: labels,
    HostConfig: { NetworkMode: `container:${sandbox}`, IpcMode: `container:${sandbox}` },
  });
}

/** Starts `count` pods concurrently; the latency of each from its first call to its app container started. */
export async function bareDockerPods(run: BareDockerRun, count: number): Promise<LatencyRecorder> {
  const latencies = new LatencyRecorder();
  await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const t0 = nowMs();
      await runPod(run, i);
      latencies.record(nowMs() - t0);
    }),
  );
  return latencies;
}
