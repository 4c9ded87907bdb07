// NodeAffinity: a pod goes only to nodes matching its nodeSelector and required node affinity,
// and prefers nodes matching its preferred terms, by the sum of their weights.
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { StateKey, missingStateMessage, type CycleState } from '../framework/cycle-state.js';
import { ActionType, type ClusterEvent } from '../framework/events.js';
import { MAX_NODE_SCORE, PreFilterResult, type EnqueueExtensions, type FilterPlugin, type NodeScore, type PreFilterPlugin, type PreScorePlugin, type ScorePlugin } from '../framework/interface.js';
import type { NodeInfo } from '../framework/node-info.js';
import type { PluginRegistration } from '../framework/registry.js';
import { Status } from '../framework/status.js';
import { defaultNormalizeScore } from './helpers/normalize-score.js';
import { PreferredSchedulingTerms, RequiredNodeAffinity } from './helpers/node-affinity.js';
import { NodeAffinity as NAME } from './names.js';

export const ERR_REASON_POD = "node(s) didn't match Pod's node affinity/selector";
/** Every required term names nodes with matchFields, and no name is in all of them. */
export const ERR_REASON_CONFLICT = 'pod affinity terms conflict';

const PRE_FILTER_KEY = new StateKey<RequiredNodeAffinity>(`PreFilter${NAME}`);
const PRE_SCORE_KEY = new StateKey<PreferredSchedulingTerms>(`PreScore${NAME}`);
const OBJECT_NAME_FIELD = 'metadata.name';

/** Whether the node satisfies the pod's nodeSelector and required node affinity. */
export function fitsNodeAffinity(pod: Pod, node: Node): boolean {
  return new RequiredNodeAffinity(pod).match(node);
}

/**
 * The node names the required terms allow, when every term restricts metadata.name with In:
 * the terms are ORed, a term's requirements ANDed. Undefined when some term allows any node.
 */
export function requiredNodeNames(pod: Pod): Set<string> | undefined {
  const terms = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  if (terms.length === 0) return undefined;
  const allowed = new Set<string>();
  for (const term of terms) {
    let termNames: Set<string> | undefined;
    for (const field of term.matchFields ?? []) {
      if (field.key !== OBJECT_NAME_FIELD || field.operator !== 'In') continue;
      const values = new Set(field.values ?? []);
      termNames = termNames === undefined ? values : new Set([...termNames].filter((name) => values.has(name)));
    }
    if (termNames === undefined) return undefined;
    for (const name of termNames) allowed.add(name);
  }
  return allowed;
}

export class NodeAffinityPlugin implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin, EnqueueExtensions {
  readonly name = NAME;

  preFilter(state: CycleState, pod: Pod): Status | PreFilterResult {
    const required = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    if (required == null && pod.spec?.nodeSelector == null) return Status.skip();
    state.write(PRE_FILTER_KEY, new RequiredNodeAffinity(pod));
    const names = requiredNodeNames(pod);
    if (names === undefined) return Status.success();
    return names.size === 0 ? Status.unresolvable(ERR_REASON_CONFLICT) : new PreFilterResult(names);
  }

  filter(state: CycleState, _pod: Pod, nodeInfo: NodeInfo): Status {
    const required = state.read(PRE_FILTER_KEY);
    if (required === undefined) return Status.error(missingStateMessage(PRE_FILTER_KEY));
    return required.match(nodeInfo.node) ? Status.success() : Status.unresolvable(ERR_REASON_POD);
  }

  preScore(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): Status {
    const preferred = pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
    if (nodes.length === 0 || preferred.length === 0) return Status.skip();
    const terms = PreferredSchedulingTerms.of(preferred);
    if (typeof terms === 'string') return Status.error(terms);
    state.write(PRE_SCORE_KEY, terms);
    return Status.success();
  }

  score(state: CycleState, _pod: Pod, nodeInfo: NodeInfo): number | Status {
    const terms = state.read(PRE_SCORE_KEY);
    if (terms === undefined) return Status.error(missingStateMessage(PRE_SCORE_KEY));
    return terms.score(nodeInfo.node);
  }

  normalizeScore(_state: CycleState, _pod: Pod, scores: NodeScore[]): Status {
    defaultNormalizeScore(MAX_NODE_SCORE, false, scores);
    return Status.success();
  }

  /** A node added or relabelled may now match. */
  eventsToRegister(): readonly ClusterEvent[] {
    return [{ resource: 'Node', actionType: ActionType.Add | ActionType.UpdateNodeLabel }];
  }
}

export const nodeAffinityRegistration: PluginRegistration = { name: NAME, factory: () => new NodeAffinityPlugin() };
