import type { KVClient } from '@kubeling/proto/etcd';
import { LatencyRecorder, nowMs } from '../lib/latency-recorder.js';
import { cpuSeconds, machineBusySeconds } from '../lib/proc-stats.js';
import { sleep, withTimeout } from '../lib/timers.js';
import { kvChannels } from './workload.js';

/** One call on `client`; `done` once it is answered. */
export type Call = (client: KVClient, done: (error: Error | null) => void) => void;

export interface LoadOptions {
  endpoint: string;
  /** The server's pid, for its CPU time over the measured window. */
  serverPid: number;
  clients: number;
  maxChannels: number;
  warmupMs: number;
  durationMs: number;
  call: Call;
}

/** What a closed-loop run measured over its window. */
export interface LoadFigures {
  opsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  /** Server CPU (user + system, all threads) per answered call, microseconds. */
  serverCpuUsPerOp: number;
  /** This load generator's own CPU per call: when it nears 1 s per second the client is the limit. */
  clientCpuUsPerOp: number;
  /** CPU (cores) that neither the server nor this process used: other work on the machine, i.e. noise. */
  otherCpuCores: number;
  errors: number;
}

const DRAIN_TIMEOUT_MS = 30_000;

type Phase = 'warmup' | 'measure' | 'stop';

/**
 * `clients` callers, each with one call in flight at a time (a closed loop), sharing
 * min(clients, maxChannels) connections. Warm up, measure for durationMs, then drain.
 */
export async function closedLoop(options: LoadOptions): Promise<LoadFigures> {
  const channels = kvChannels(options.endpoint, Math.min(options.clients, options.maxChannels));
  const latency = new LatencyRecorder();
  let phase: Phase = 'warmup';
  let answered = 0;
  let errors = 0;
  let firstError: Error | undefined;
  let inFlight = 0;
  let drained!: () => void;
  const allDrained = new Promise<void>((resolve) => (drained = resolve));

  const loop = (client: KVClient): void => {
    if (phase === 'stop') {
      if (--inFlight === 0) drained();
      return;
    }
    const sentInWindow = phase === 'measure';
    const sent = nowMs();
    options.call(client, (error) => {
      // Throughput counts every call answered inside the window; latency only those sent
      // inside it too, so that warm-up queueing does not leak into the percentiles.
      if (phase === 'measure') {
        if (error) errors++;
        else {
          answered++;
          if (sentInWindow) latency.record(nowMs() - sent);
        }
      }
      if (error) {
        firstError ??= error;
        setTimeout(() => loop(client), 10);
      } else loop(client);
    });
  };

  try {
    for (let i = 0; i < options.clients; i++) {
      inFlight++;
      loop(channels[i % channels.length]);
    }
    await sleep(options.warmupMs);
    phase = 'measure';
    const start = { at: nowMs(), server: cpuSeconds(options.serverPid), client: process.cpuUsage(), machine: machineBusySeconds() };
    await sleep(options.durationMs);
    const ops = answered;
    const end = { at: nowMs(), server: cpuSeconds(options.serverPid), client: process.cpuUsage(start.client), machine: machineBusySeconds() };
    phase = 'stop';
    await withTimeout(allDrained, DRAIN_TIMEOUT_MS, 'calls still unanswered 30 s after the run');
    if (ops === 0) throw new Error(`no call succeeded${firstError ? `: ${firstError.message}` : ''}`);
    const seconds = (end.at - start.at) / 1000;
    const serverCpu = end.server - start.server;
    const clientCpu = (end.client.user + end.client.system) / 1e6;
    return {
      opsPerSec: ops / seconds,
      p50Ms: latency.percentile(50),
      p99Ms: latency.percentile(99),
      serverCpuUsPerOp: (serverCpu * 1e6) / ops,
      clientCpuUsPerOp: (clientCpu * 1e6) / ops,
      otherCpuCores: Math.max(0, end.machine - start.machine - serverCpu - clientCpu) / seconds,
      errors,
    };
  } finally {
    for (const channel of channels) channel.close();
  }
}
