// NodeResourcesFit's scoring strategies: LeastAllocated spreads pods over nodes (the default),
// MostAllocated packs them (bin packing). Each is a weighted average over the resources.
import { MAX_NODE_SCORE } from '../../framework/interface.js';
import type { AllocationScorer } from './resource-allocation.js';
import type { ScoringStrategyType } from './fit-args.js';
import type { ResourceSpec } from './resource-spec.js';

/** leastRequestedScore: the share left free, 0..100; nothing free or overcommitted gives 0. */
export function leastRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return Math.trunc(((capacity - requested) * MAX_NODE_SCORE) / capacity);
}

/** mostRequestedScore: the share in use, 0..100; requests above capacity (non-zero defaults) count as full. */
export function mostRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0) return 0;
  return Math.trunc((Math.min(requested, capacity) * MAX_NODE_SCORE) / capacity);
}

/** The weighted average of a per-resource score over the resources the node has (integer, as Go computes it). */
function weightedScorer(resources: readonly ResourceSpec[], perResource: (requested: number, capacity: number) => number): AllocationScorer {
  return (requested, allocatable) => {
    let nodeScore = 0;
    let weightSum = 0;
    requested.forEach((amount, i) => {
      if (allocatable[i] === 0) return;
      nodeScore += perResource(amount, allocatable[i]) * resources[i].weight;
      weightSum += resources[i].weight;
    });
    return weightSum === 0 ? 0 : Math.trunc(nodeScore / weightSum);
  };
}

export function strategyScorer(type: ScoringStrategyType, resources: readonly ResourceSpec[]): AllocationScorer {
  return weightedScorer(resources, type === 'MostAllocated' ? mostRequestedScore : leastRequestedScore);
}
