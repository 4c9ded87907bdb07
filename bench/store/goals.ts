import type { TargetName } from './config.js';
import { putScenarioId, WATCH_SCENARIO_ID, type Figures } from './scenarios.js';

/** Medians by scenario, then target. */
export type Medians = Record<string, Partial<Record<TargetName, Figures>>>;

/** The store's figure compared with factor × a baseline's, from issue 2's targets. */
export interface Goal {
  what: string;
  scenario: string;
  figure: string;
  baseline: TargetName;
  factor: number;
  /** true: the store must reach at least the limit; false: stay at or under it. */
  atLeast: boolean;
}

export interface GoalResult extends Goal {
  verdict: 'PASS' | 'FAIL' | 'n/a';
  store?: number;
  base?: number;
  limit?: number;
}

/**
 * Put throughput at 64 clients ≥ 1.15× etcd's; server CPU per put ≤ etcd's and ≤ 1.3× the
 * do-nothing server's; put and watch p99 ≤ etcd's. CPU and p99 are held at every client count.
 */
export function storeGoals(putClients: number[]): Goal[] {
  const put = (c: number) => putScenarioId(c);
  const top = Math.max(...putClients);
  return [
    { what: `put throughput, ${top} clients ≥ 1.15× etcd`, scenario: put(top), figure: 'opsPerSec', baseline: 'etcd', factor: 1.15, atLeast: true },
    ...putClients.flatMap((c): Goal[] => [
      { what: `server CPU per put, ${c} clients ≤ etcd`, scenario: put(c), figure: 'serverCpuUsPerOp', baseline: 'etcd', factor: 1, atLeast: false },
      { what: `server CPU per put, ${c} clients ≤ 1.3× null`, scenario: put(c), figure: 'serverCpuUsPerOp', baseline: 'null', factor: 1.3, atLeast: false },
      { what: `put p99, ${c} clients ≤ etcd`, scenario: put(c), figure: 'p99Ms', baseline: 'etcd', factor: 1, atLeast: false },
    ]),
    { what: 'watch p99 (put acked → event) ≤ etcd', scenario: WATCH_SCENARIO_ID, figure: 'ackToEventP99Ms', baseline: 'etcd', factor: 1, atLeast: false },
    // Not in the list: the acked → event figure is 0 for a server that sends the event
    // before the ack, so the whole path is held to etcd's too.
    { what: 'watch p99 (put sent → event) ≤ etcd', scenario: WATCH_SCENARIO_ID, figure: 'sendToEventP99Ms', baseline: 'etcd', factor: 1, atLeast: false },
  ];
}

export function evaluateGoals(goals: Goal[], medians: Medians): GoalResult[] {
  return goals.map((goal) => {
    const store = medians[goal.scenario]?.store?.[goal.figure];
    const base = medians[goal.scenario]?.[goal.baseline]?.[goal.figure];
    if (store === undefined || base === undefined || !Number.isFinite(store) || !Number.isFinite(base)) return { ...goal, verdict: 'n/a' };
    const limit = goal.factor * base;
    const pass = goal.atLeast ? store >= limit : store <= limit;
    return { ...goal, verdict: pass ? 'PASS' : 'FAIL', store, base, limit };
  });
}
