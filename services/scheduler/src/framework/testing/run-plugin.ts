// Running one plugin's extension points in order against a snapshot, as the framework would,
// so plugin tests read as "this pod on these nodes gives these statuses / scores".
import type { Pod } from 'kubernetes-types/core/v1.js';
import { CycleState } from '../cycle-state.js';
import { isFilterPlugin, isPreFilterPlugin, isPreScorePlugin, isScorePlugin, PreFilterResult, type NodeScore, type Plugin } from '../interface.js';
import type { Snapshot } from '../snapshot.js';
import { Status } from '../status.js';

/** PreFilter (if any) then Filter on every node: node name → status ("Skip" when PreFilter skipped the plugin). */
export function runFilter(plugin: Plugin, pod: Pod, snapshot: Snapshot): Map<string, Status> {
  const state = new CycleState();
  const statuses = new Map<string, Status>();
  if (isPreFilterPlugin(plugin)) {
    const outcome = plugin.preFilter(state, pod, snapshot.list());
    if (!(outcome instanceof PreFilterResult) && !outcome.isSuccess()) {
      for (const info of snapshot.list()) statuses.set(info.name, outcome);
      return statuses;
    }
  }
  if (!isFilterPlugin(plugin)) throw new Error(`${plugin.name} does not filter`);
  for (const info of snapshot.list()) statuses.set(info.name, plugin.filter(state, pod, info));
  return statuses;
}

/** PreScore (if any), Score and NormalizeScore over the given nodes (default all): node name → score. */
export function runScore(plugin: Plugin, pod: Pod, snapshot: Snapshot, nodeNames?: readonly string[]): Map<string, number> | Status {
  const nodes = nodeNames === undefined ? snapshot.list() : snapshot.list().filter((info) => nodeNames.includes(info.name));
  const state = new CycleState();
  if (isPreScorePlugin(plugin)) {
    const status = plugin.preScore(state, pod, nodes);
    if (!status.isSuccess()) return status;
  }
  if (!isScorePlugin(plugin)) throw new Error(`${plugin.name} does not score`);
  const scores: NodeScore[] = [];
  for (const info of nodes) {
    const score = plugin.score(state, pod, info);
    if (score instanceof Status) return score;
    scores.push({ name: info.name, score });
  }
  const normalized = plugin.normalizeScore?.(state, pod, scores) ?? Status.success();
  if (!normalized.isSuccess()) return normalized;
  return new Map(scores.map(({ name, score }) => [name, score]));
}
