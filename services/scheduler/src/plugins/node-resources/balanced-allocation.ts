// NodeResourcesBalancedAllocation: prefers nodes whose resources would be used evenly with the
// pod on them (cpu 80% and memory 80% beats cpu 90% and memory 10%), so no resource is left
// stranded while another runs out.
import type { Pod } from 'kubernetes-types/core/v1.js';
import { StateKey, missingStateMessage, type CycleState } from '../../framework/cycle-state.js';
import { MAX_NODE_SCORE, type PreScorePlugin, type ScorePlugin } from '../../framework/interface.js';
import type { NodeInfo } from '../../framework/node-info.js';
import type { PluginRegistration } from '../../framework/registry.js';
import { Status } from '../../framework/status.js';
import { NodeResourcesBalancedAllocation as NAME } from '../names.js';
import { nodeResourcesBalancedAllocationArgs, type NodeResourcesBalancedAllocationArgs } from './balanced-allocation-args.js';
import { ResourceAllocationScorer } from './resource-allocation.js';

const PRE_SCORE_KEY = new StateKey<readonly number[]>(`PreScore${NAME}`);

/**
 * balancedResourceScorer: 100 × (1 − the standard deviation of the used fractions), each
 * fraction capped at 1. With two resources the deviation is half their difference.
 */
export function balancedResourceScore(requested: readonly number[], allocatable: readonly number[]): number {
  // Plain loops: this runs for every pod on hundreds of nodes.
  let count = 0;
  let sum = 0;
  let first = 0;
  let second = 0;
  for (let i = 0; i < requested.length; i++) {
    if (allocatable[i] === 0) continue;
    const fraction = Math.min(requested[i] / allocatable[i], 1);
    if (count === 0) first = fraction;
    else if (count === 1) second = fraction;
    sum += fraction;
    count++;
  }
  let std = 0;
  if (count === 2) {
    std = Math.abs((first - second) / 2);
  } else if (count > 2) {
    const mean = sum / count;
    let squares = 0;
    for (let i = 0; i < requested.length; i++) if (allocatable[i] !== 0) squares += (Math.min(requested[i] / allocatable[i], 1) - mean) ** 2;
    std = Math.sqrt(squares / count);
  }
  return Math.trunc((1 - std) * MAX_NODE_SCORE);
}

export class NodeResourcesBalancedAllocationPlugin implements PreScorePlugin, ScorePlugin {
  readonly name = NAME;
  private readonly scorer: ResourceAllocationScorer;

  constructor(args: NodeResourcesBalancedAllocationArgs) {
    this.scorer = new ResourceAllocationScorer(args.resources, balancedResourceScore, true);
  }

  /** A pod requesting nothing would look balanced everywhere and pile onto one node; it is not scored here. */
  preScore(state: CycleState, pod: Pod): Status {
    const podRequests = this.scorer.podRequests(pod);
    if (podRequests.every((amount) => amount === 0)) return Status.skip();
    state.write(PRE_SCORE_KEY, podRequests);
    return Status.success();
  }

  score(state: CycleState, _pod: Pod, nodeInfo: NodeInfo): number | Status {
    const podRequests = state.read(PRE_SCORE_KEY);
    if (podRequests === undefined) return Status.error(missingStateMessage(PRE_SCORE_KEY));
    return this.scorer.score(nodeInfo, podRequests);
  }
}

export const nodeResourcesBalancedAllocationRegistration: PluginRegistration<NodeResourcesBalancedAllocationArgs> = {
  name: NAME,
  factory: (args) => new NodeResourcesBalancedAllocationPlugin(args),
  args: nodeResourcesBalancedAllocationArgs,
};
