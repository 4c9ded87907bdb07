// A process's idle cost: CPU time over a window of wall time (as % of one core), and its
// resident memory at the end of the window.
import { sleep } from '../lib/timers.js';
import { cpuSeconds, memory } from '../lib/proc-stats.js';
import { nowMs } from '../lib/latency-recorder.js';

export interface IdleUsage {
  cpuPercent: number;
  rssMiB: number;
  /** Peak resident memory over the process's life. */
  hwmMiB: number;
}

const MiB = 1024 * 1024;

export async function idleUsage(pid: number, windowMs: number): Promise<IdleUsage> {
  const cpu0 = cpuSeconds(pid);
  const t0 = nowMs();
  await sleep(windowMs);
  const cpuPercent = (100 * (cpuSeconds(pid) - cpu0)) / ((nowMs() - t0) / 1000);
  const { rssBytes, hwmBytes } = memory(pid);
  return { cpuPercent, rssMiB: rssBytes / MiB, hwmMiB: hwmBytes / MiB };
}
