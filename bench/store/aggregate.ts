import { median } from '../lib/median.js';
import type { Medians } from './goals.js';
import type { RoundResult } from './report.js';

/** Each figure's median over the rounds, by scenario and target. */
export function mediansOf(rounds: RoundResult[]): Medians {
  const samples = new Map<string, Map<string, Map<string, number[]>>>();
  for (const { scenario, target, figures } of rounds) {
    const byTarget = samples.get(scenario) ?? samples.set(scenario, new Map()).get(scenario)!;
    const byFigure = byTarget.get(target) ?? byTarget.set(target, new Map()).get(target)!;
    for (const [key, value] of Object.entries(figures)) (byFigure.get(key) ?? byFigure.set(key, []).get(key)!).push(value);
  }
  const medians: Medians = {};
  for (const [scenario, byTarget] of samples) {
    medians[scenario] = {};
    for (const [target, byFigure] of byTarget) {
      medians[scenario][target as keyof Medians[string]] = Object.fromEntries([...byFigure].map(([key, values]) => [key, median(values)]));
    }
  }
  return medians;
}
