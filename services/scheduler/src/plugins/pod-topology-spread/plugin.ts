// PodTopologySpread: spreads pods that match a selector evenly over topology domains (nodes,
// zones, ...), as the pod's topologySpreadConstraints ask: DoNotSchedule constraints filter,
// ScheduleAnyway ones score. Pods without constraints are left to SelectorSpread.
import type { Pod } from 'kubernetes-types/core/v1.js';
import { StateKey, missingStateMessage, type CycleState } from '../../framework/cycle-state.js';
import { ActionType, type ClusterEvent } from '../../framework/events.js';
import type { EnqueueExtensions, FilterPlugin, Handle, NodeScore, PreFilterPlugin, PreScorePlugin, ScorePlugin } from '../../framework/interface.js';
import type { NodeInfo } from '../../framework/node-info.js';
import type { PluginRegistration } from '../../framework/registry.js';
import { Status } from '../../framework/status.js';
import { PodTopologySpread as NAME } from '../names.js';
import { spreadConstraints, type SpreadConstraint } from './common.js';
import { computePreFilterState, filterTopologySpread, type PreFilterState } from './filtering.js';
import { computePreScoreState, normalizeTopologySpreadScores, scoreTopologySpread, type PreScoreState } from './scoring.js';

const PRE_FILTER_KEY = new StateKey<PreFilterState>(`PreFilter${NAME}`);
const PRE_SCORE_KEY = new StateKey<PreScoreState>(`PreScore${NAME}`);

/** The pod's constraints of one kind, or the Error status of a selector that does not parse. */
function constraintsOf(pod: Pod, action: 'DoNotSchedule' | 'ScheduleAnyway'): SpreadConstraint[] | Status {
  try {
    return spreadConstraints(pod, action);
  } catch (error) {
    return Status.error(`obtaining pod's ${action === 'DoNotSchedule' ? 'hard' : 'soft'} topology spread constraints: ${(error as Error).message}`);
  }
}

export class PodTopologySpreadPlugin implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin, EnqueueExtensions {
  readonly name = NAME;

  constructor(private readonly handle: Handle) {}

  preFilter(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): Status {
    const constraints = constraintsOf(pod, 'DoNotSchedule');
    if (constraints instanceof Status) return constraints;
    if (constraints.length === 0) return Status.skip();
    state.write(PRE_FILTER_KEY, computePreFilterState(pod, constraints, nodes));
    return Status.success();
  }

  filter(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status {
    const preFilterState = state.read(PRE_FILTER_KEY);
    if (preFilterState === undefined) return Status.error(missingStateMessage(PRE_FILTER_KEY));
    return filterTopologySpread(preFilterState, pod, nodeInfo);
  }

  preScore(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): Status {
    const allNodes = this.handle.snapshot().list();
    if (nodes.length === 0 || allNodes.length === 0) return Status.skip();
    const constraints = constraintsOf(pod, 'ScheduleAnyway');
    if (constraints instanceof Status) return constraints;
    if (constraints.length === 0) return Status.skip();
    state.write(PRE_SCORE_KEY, computePreScoreState(pod, constraints, nodes, allNodes));
    return Status.success();
  }

  score(state: CycleState, pod: Pod, nodeInfo: NodeInfo): number | Status {
    const preScoreState = state.read(PRE_SCORE_KEY);
    if (preScoreState === undefined) return Status.error(missingStateMessage(PRE_SCORE_KEY));
    return scoreTopologySpread(preScoreState, pod, nodeInfo);
  }

  normalizeScore(state: CycleState, _pod: Pod, scores: NodeScore[]): Status {
    const preScoreState = state.read(PRE_SCORE_KEY);
    if (preScoreState === undefined) return Status.error(missingStateMessage(PRE_SCORE_KEY));
    normalizeTopologySpreadScores(preScoreState, scores);
    return Status.success();
  }

  /** Pods coming, going or relabelled change the counts; nodes coming, going, relabelled or (un)tainted change the domains. */
  eventsToRegister(): readonly ClusterEvent[] {
    return [
      { resource: 'Pod', actionType: ActionType.Add | ActionType.UpdatePodLabel | ActionType.Delete },
      { resource: 'Node', actionType: ActionType.Add | ActionType.Delete | ActionType.UpdateNodeLabel | ActionType.UpdateNodeTaint },
    ];
  }
}

export const podTopologySpreadRegistration: PluginRegistration = { name: NAME, factory: (_args, handle) => new PodTopologySpreadPlugin(handle) };
