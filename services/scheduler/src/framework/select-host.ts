// Picking the node to bind to from the scored ones (selectHost): the highest total score, and
// among nodes that tie, each with equal chance, so equal nodes share the load.

export interface NodePluginScores {
  readonly name: string;
  /** Each plugin's weighted score for the node. */
  readonly scores: readonly { readonly name: string; readonly score: number }[];
  readonly totalScore: number;
}

/**
 * The name of a node with the highest total. Ties are broken by reservoir sampling: the k-th
 * node found with the best score replaces the choice with probability 1/k. `random` returns [0, 1).
 */
export function selectHost(nodeScores: readonly NodePluginScores[], random: () => number): string | undefined {
  let selected: NodePluginScores | undefined;
  let ties = 0;
  for (const candidate of nodeScores) {
    if (selected === undefined || candidate.totalScore > selected.totalScore) {
      selected = candidate;
      ties = 1;
    } else if (candidate.totalScore === selected.totalScore) {
      ties++;
      if (Math.floor(random() * ties) === 0) selected = candidate;
    }
  }
  return selected?.name;
}
