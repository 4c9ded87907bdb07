// Counts per topology domain (topologyToMatchedTermCount, and scoring's scoreMap): how many
// matching pods or terms, or how much score, each (topologyKey, value) pair holds, e.g.
// (topology.kubernetes.io/zone, zone-a).
import type { Node } from 'kubernetes-types/core/v1.js';

/** A key and value joined by "=", which a label key cannot contain. */
const pairKey = (key: string, value: string): string => `${key}=${value}`;

export class TopologyCounts {
  private readonly counts = new Map<string, number>();

  /** Counts `delta` in the node's domain for the topology key; a node without the label is in none. */
  update(node: Node, topologyKey: string, delta: number): void {
    const labels = node.metadata?.labels ?? {};
    if (!Object.hasOwn(labels, topologyKey)) return;
    const key = pairKey(topologyKey, labels[topologyKey]);
    const count = (this.counts.get(key) ?? 0) + delta;
    if (count === 0) this.counts.delete(key);
    else this.counts.set(key, count);
  }

  get(topologyKey: string, value: string): number {
    return this.counts.get(pairKey(topologyKey, value)) ?? 0;
  }

  /** Whether the node's labels put it in any counted domain. */
  countsAnyLabelOf(node: Node): boolean {
    return Object.entries(node.metadata?.labels ?? {}).some(([key, value]) => this.get(key, value) > 0);
  }

  /** The sum over the node's domains: the node's score when the counts are scores. */
  sumOverLabelsOf(node: Node): number {
    return Object.entries(node.metadata?.labels ?? {}).reduce((sum, [key, value]) => sum + this.get(key, value), 0);
  }

  get size(): number {
    return this.counts.size;
  }
}
