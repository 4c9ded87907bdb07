// A pod (anti-)affinity term ready to match pods (framework.AffinityTerm): the label selector,
// the namespaces it covers and the topology key that defines "the same place".
import type { Pod, PodAffinityTerm } from 'kubernetes-types/core/v1.js';
import { LabelSelector, labelSelectorFromMeta, type Labels } from '@kubeling/api/selectors/label-selector';

export class AffinityTerm {
  constructor(
    readonly namespaces: ReadonlySet<string>,
    readonly selector: LabelSelector,
    readonly topologyKey: string,
    readonly namespaceSelector: LabelSelector,
  ) {}

  /**
   * newAffinityTerm: without namespaces and namespaceSelector a term covers its own pod's
   * namespace. Throws LabelSelectorError for a selector that does not parse.
   */
  static of(owner: Pod, term: PodAffinityTerm): AffinityTerm {
    const listed = term.namespaces ?? [];
    const namespaces = listed.length === 0 && term.namespaceSelector == null ? [owner.metadata?.namespace ?? ''] : listed;
    return new AffinityTerm(new Set(namespaces), labelSelectorFromMeta(term.labelSelector), term.topologyKey, labelSelectorFromMeta(term.namespaceSelector));
  }

  /** AffinityTerm.Matches: the pod is in a covered namespace and carries matching labels. */
  matches(pod: Pod, namespaceLabels: Labels | undefined): boolean {
    const inNamespace = this.namespaces.has(pod.metadata?.namespace ?? '') || this.namespaceSelector.matches(namespaceLabels ?? {});
    return inNamespace && this.selector.matches(pod.metadata?.labels ?? {});
  }

  /**
   * The term with the namespaces its namespaceSelector selects written out
   * (mergeAffinityTermNamespacesIfNotEmpty), so it matches pods without looking up their namespace.
   * A selector that selects everything is kept as it is: it matches without a lookup.
   */
  withSelectedNamespaces(selectNamespaces: (selector: LabelSelector) => readonly string[]): AffinityTerm {
    if (this.namespaceSelector.empty()) return this;
    const namespaces = new Set([...this.namespaces, ...selectNamespaces(this.namespaceSelector)]);
    return new AffinityTerm(namespaces, this.selector, this.topologyKey, LabelSelector.nothing());
  }
}

export interface WeightedAffinityTerm {
  readonly term: AffinityTerm;
  readonly weight: number;
}
