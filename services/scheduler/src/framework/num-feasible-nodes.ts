// How many feasible nodes Filter looks for before it stops (numFeasibleNodesToFind): in big
// clusters the scheduler scores a sample instead of every node, trading a little placement
// quality for latency (percentageOfNodesToScore).

/** minFeasibleNodesToFind: below this many nodes, all are checked; a sample is never smaller. */
const MIN_FEASIBLE_NODES_TO_FIND = 100;
/** minFeasibleNodesPercentageToFind: the adaptive percentage never goes below this. */
const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;

/**
 * The sample size for numAllNodes nodes. A percentage of 0 is adaptive: 50% for small clusters,
 * one point less per 125 nodes, down to 5% (so 100 nodes → 100, 1000 → 420, 5000 → 500).
 */
export function numFeasibleNodesToFind(percentageOfNodesToScore: number, numAllNodes: number): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) return numAllNodes;
  let percentage = percentageOfNodesToScore;
  if (percentage === 0) percentage = Math.max(50 - Math.trunc(numAllNodes / 125), MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND);
  const numNodes = Math.trunc((numAllNodes * percentage) / 100);
  return Math.max(numNodes, MIN_FEASIBLE_NODES_TO_FIND);
}
