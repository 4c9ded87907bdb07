// helper.DefaultNormalizeScore: scales raw scores so the highest becomes maxPriority, or, reversed,
// so the highest becomes 0 (for plugins where a higher raw count is worse).
import type { NodeScore } from '../../framework/interface.js';

export function defaultNormalizeScore(maxPriority: number, reverse: boolean, scores: NodeScore[]): void {
  const maxCount = Math.max(0, ...scores.map(({ score }) => score));
  if (maxCount === 0) {
    if (reverse) for (const entry of scores) entry.score = maxPriority;
    return;
  }
  for (const entry of scores) {
    // Integer arithmetic, as Go's int64 division truncates.
    const scaled = Math.trunc((maxPriority * entry.score) / maxCount);
    entry.score = reverse ? maxPriority - scaled : scaled;
  }
}
