import { LatencyRecorder, nowMs } from '../lib/latency-recorder.js';
import { cpuSeconds } from '../lib/proc-stats.js';

export interface LoopFigures {
  opsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  /** CPU of the server processes (apiserver + store) per call, microseconds. */
  serverCpuUsPerOp: number;
  errors: number;
}

/**
 * `clients` callers, each with one call in flight (a closed loop), for a warm-up and then
 * `durationMs` measured; `call(i)` gets a number unique to each call.
 */
export async function asyncLoop(clients: number, warmupMs: number, durationMs: number, serverPids: number[], call: (i: number) => Promise<unknown>): Promise<LoopFigures> {
  const latency = new LatencyRecorder();
  let seq = 0;
  let answered = 0;
  let errors = 0;
  let measuring = false;
  let stopped = false;
  let firstError: unknown;
  const worker = async () => {
    while (!stopped) {
      const counted = measuring;
      const sent = nowMs();
      try {
        await call(seq++);
        if (counted && measuring) {
          answered++;
          latency.record(nowMs() - sent);
        }
      } catch (err) {
        errors++;
        firstError ??= err;
      }
    }
  };
  const workers = Array.from({ length: clients }, worker);
  await new Promise((r) => setTimeout(r, warmupMs));
  const cpu0 = serverPids.reduce((s, pid) => s + cpuSeconds(pid), 0);
  const t0 = nowMs();
  measuring = true;
  await new Promise((r) => setTimeout(r, durationMs));
  measuring = false;
  const elapsed = (nowMs() - t0) / 1000;
  const cpu = serverPids.reduce((s, pid) => s + cpuSeconds(pid), 0) - cpu0;
  stopped = true;
  await Promise.all(workers);
  if (errors > 0 && answered === 0) throw new Error(`every call failed: ${String(firstError)}`);
  return { opsPerSec: answered / elapsed, p50Ms: latency.percentile(50), p99Ms: latency.percentile(99), serverCpuUsPerOp: (cpu / Math.max(1, answered)) * 1e6, errors };
}
