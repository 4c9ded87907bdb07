import { memory } from '../lib/proc-stats.js';
import type { BenchConfig } from './config.js';
import { closedLoop, type Call, type LoadFigures } from './load-generator.js';
import type { Target } from './targets.js';
import { watchLatency } from './watch-latency.js';
import { pick, type Workload } from './workload.js';

/** One measurement's numbers, by figure key. */
export type Figures = Record<string, number>;

export interface FigureSpec {
  key: string;
  label: string;
  /** Decimal places when printed. */
  digits: number;
  /** false for counts and diagnostics, where store/etcd means nothing. */
  ratio?: boolean;
}

export interface Scenario {
  id: string;
  title: string;
  figures: FigureSpec[];
  run(target: Target): Promise<Figures>;
}

export interface ScenarioInputs {
  config: BenchConfig;
  kv: Workload;
  watched: Workload;
}

const loadFigures: FigureSpec[] = [
  { key: 'opsPerSec', label: 'throughput (ops/s)', digits: 0 },
  { key: 'p50Ms', label: 'latency p50 (ms)', digits: 2 },
  { key: 'p99Ms', label: 'latency p99 (ms)', digits: 2 },
  { key: 'serverCpuUsPerOp', label: 'server CPU per op (µs)', digits: 1 },
  { key: 'clientCpuUsPerOp', label: 'bench client CPU per op (µs)', digits: 1 },
  { key: 'otherCpuCores', label: 'other processes\' CPU (cores)', digits: 2, ratio: false },
  { key: 'errors', label: 'failed calls', digits: 0, ratio: false },
];

function loadScenario(id: string, title: string, clients: number, call: Call, { config }: ScenarioInputs): Scenario {
  return {
    id,
    title,
    figures: loadFigures,
    run: async (target) => {
      const figures: LoadFigures = await closedLoop({
        endpoint: target.endpoint,
        serverPid: target.pid,
        clients,
        maxChannels: config.maxChannels,
        warmupMs: config.warmupMs,
        durationMs: config.durationMs,
        call,
      });
      return { ...figures };
    },
  };
}

export const putScenarioId = (clients: number): string => `put@${clients}`;

function putScenario(clients: number, inputs: ScenarioInputs): Scenario {
  const call: Call = (client, done) => client.put(pick(inputs.kv.puts), (error) => done(error));
  return loadScenario(putScenarioId(clients), `durable put, ${clients} client${clients === 1 ? '' : 's'}`, clients, call, inputs);
}

function rangeScenario(inputs: ScenarioInputs): Scenario {
  const clients = inputs.config.rangeClients;
  const call: Call = (client, done) => client.range(pick(inputs.kv.ranges), (error) => done(error));
  return loadScenario('range', `range of one key, ${clients} clients`, clients, call, inputs);
}

export const WATCH_SCENARIO_ID = 'watch';

function watchScenario({ config, watched }: ScenarioInputs): Scenario {
  return {
    id: WATCH_SCENARIO_ID,
    title: `watch, 1 writer, ${config.watchIntervalMs} ms pauses`,
    figures: [
      { key: 'ackToEventP50Ms', label: 'put acked → event p50 (ms)', digits: 2 },
      { key: 'ackToEventP99Ms', label: 'put acked → event p99 (ms)', digits: 2 },
      { key: 'sendToEventP50Ms', label: 'put sent → event p50 (ms)', digits: 2 },
      { key: 'sendToEventP99Ms', label: 'put sent → event p99 (ms)', digits: 2 },
      { key: 'eventFirstPct', label: 'events before their ack (%)', digits: 0, ratio: false },
      { key: 'puts', label: 'puts watched', digits: 0, ratio: false },
      { key: 'missed', label: 'events missed', digits: 0, ratio: false },
    ],
    run: async (target) => ({
      ...(await watchLatency({
        endpoint: target.endpoint,
        warmupMs: config.warmupMs,
        durationMs: config.durationMs,
        intervalMs: config.watchIntervalMs,
        puts: watched.puts,
      })),
    }),
  };
}

const MiB = 1024 * 1024;

/** Not a load: the server's memory as the round leaves it. */
function memoryScenario(): Scenario {
  return {
    id: 'memory',
    title: 'server memory, end of round',
    figures: [
      { key: 'rssMiB', label: 'RSS (MiB)', digits: 1 },
      { key: 'hwmMiB', label: 'peak RSS, VmHWM (MiB)', digits: 1 },
    ],
    run: async (target) => {
      const { rssBytes, hwmBytes } = memory(target.pid);
      return { rssMiB: rssBytes / MiB, hwmMiB: hwmBytes / MiB };
    },
  };
}

/** Every scenario of a round, in the order they run. */
export function scenarios(inputs: ScenarioInputs): Scenario[] {
  return [...inputs.config.putClients.map((c) => putScenario(c, inputs)), rangeScenario(inputs), watchScenario(inputs), memoryScenario()];
}
