// SelectorSpread: spreads the pods of one Service or controller (ReplicaSet, StatefulSet,
// ReplicationController) over nodes and zones: the fewer of its pods a node and its zone
// already run, the higher the score. Pods with their own topologySpreadConstraints are left to
// PodTopologySpread. (kube-scheduler ≤1.25's plugin; newer releases get the same effect from
// PodTopologySpread's system-default constraints.)
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { LabelSelector } from '@kubeling/api/selectors/label-selector';
import { StateKey, missingStateMessage, type CycleState } from '../framework/cycle-state.js';
import { MAX_NODE_SCORE, type Handle, type NodeScore, type PreScorePlugin, type ScorePlugin } from '../framework/interface.js';
import type { NodeInfo } from '../framework/node-info.js';
import type { PluginRegistration } from '../framework/registry.js';
import type { Snapshot } from '../framework/snapshot.js';
import { Status } from '../framework/status.js';
import { defaultSelector } from './helpers/default-selector.js';
import { SelectorSpread as NAME } from './names.js';

const PRE_SCORE_KEY = new StateKey<LabelSelector>(`PreScore${NAME}`);

/** When nodes are in zones, two thirds of the score come from the zone's spread, one third from the node's. */
const ZONE_WEIGHTING = 2 / 3;

/** countMatchingPods: the node's pods of the namespace the selector matches, leaving out pods being deleted. */
function countMatchingPods(namespace: string, selector: LabelSelector, nodeInfo: NodeInfo): number {
  if (selector.empty()) return 0;
  let count = 0;
  for (const { pod } of nodeInfo.pods) if (pod.metadata?.namespace === namespace && pod.metadata?.deletionTimestamp == null && selector.matches(pod.metadata?.labels ?? {})) count++;
  return count;
}

/**
 * NormalizeScore: each node's share of the busiest node's count, reversed onto 0..100, blended
 * with the same measure for its zone when nodes carry zone labels.
 */
function normalizeSelectorSpreadScores(scores: NodeScore[], snapshot: Snapshot): void {
  const zones = scores.map(({ name }) => nodeZone(snapshot, name));
  const countsByZone = new Map<string, number>();
  let maxByNode = 0;
  scores.forEach(({ score }, i) => {
    if (zones[i] !== '') countsByZone.set(zones[i], (countsByZone.get(zones[i]) ?? 0) + score);
    if (score > maxByNode) maxByNode = score;
  });
  let maxByZone = 0;
  for (const count of countsByZone.values()) if (count > maxByZone) maxByZone = count;
  for (const [i, entry] of scores.entries()) {
    let score = maxByNode > 0 ? (MAX_NODE_SCORE * (maxByNode - entry.score)) / maxByNode : MAX_NODE_SCORE;
    const zone = zones[i];
    if (zone !== '') {
      const zoneScore = maxByZone > 0 ? (MAX_NODE_SCORE * (maxByZone - (countsByZone.get(zone) ?? 0))) / maxByZone : MAX_NODE_SCORE;
      score = score * (1 - ZONE_WEIGHTING) + ZONE_WEIGHTING * zoneScore;
    }
    entry.score = Math.trunc(score);
  }
}

function nodeZone(snapshot: Snapshot, nodeName: string): string {
  const nodeInfo = snapshot.get(nodeName);
  return nodeInfo === undefined ? '' : nodeInfo.zone;
}

const hasOwnSpreadConstraints = (pod: Pod): boolean => (pod.spec?.topologySpreadConstraints ?? []).length > 0;

export class SelectorSpreadPlugin implements PreScorePlugin, ScorePlugin {
  readonly name = NAME;

  constructor(private readonly handle: Handle) {}

  preScore(state: CycleState, pod: Pod): Status {
    if (hasOwnSpreadConstraints(pod)) return Status.skip();
    state.write(PRE_SCORE_KEY, defaultSelector(pod, this.handle.listers));
    return Status.success();
  }

  /** The raw score: how many of the workload's pods the node runs. */
  score(state: CycleState, pod: Pod, nodeInfo: NodeInfo): number | Status {
    const selector = state.read(PRE_SCORE_KEY);
    if (selector === undefined) return Status.error(missingStateMessage(PRE_SCORE_KEY));
    return countMatchingPods(pod.metadata?.namespace ?? '', selector, nodeInfo);
  }

  normalizeScore(_state: CycleState, _pod: Pod, scores: NodeScore[]): Status {
    normalizeSelectorSpreadScores(scores, this.handle.snapshot());
    return Status.success();
  }
}

export const selectorSpreadRegistration: PluginRegistration = { name: NAME, factory: (_args, handle) => new SelectorSpreadPlugin(handle) };
