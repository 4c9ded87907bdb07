// A pod with its affinity terms parsed once (framework.PodInfo), as NodeInfo keeps its pods
// and InterPodAffinity reads them.
import type { Pod, PodAffinityTerm, WeightedPodAffinityTerm } from 'kubernetes-types/core/v1.js';
import { AffinityTerm, type WeightedAffinityTerm } from './affinity-term.js';

export class PodInfo {
  private constructor(
    readonly pod: Pod,
    readonly requiredAffinityTerms: readonly AffinityTerm[],
    readonly requiredAntiAffinityTerms: readonly AffinityTerm[],
    readonly preferredAffinityTerms: readonly WeightedAffinityTerm[],
    readonly preferredAntiAffinityTerms: readonly WeightedAffinityTerm[],
    /** Why some terms could not be parsed (PodInfo.Update's aggregate error); those term lists are empty. */
    readonly parseError: string | undefined,
  ) {}

  static of(pod: Pod): PodInfo {
    const errors: string[] = [];
    const parse = <T>(what: string, build: () => T[]): T[] => {
      try {
        return build();
      } catch (error) {
        errors.push(`${what}: ${(error as Error).message}`);
        return [];
      }
    };
    const affinity = pod.spec?.affinity;
    const terms = (list: readonly PodAffinityTerm[] | undefined) => (list ?? []).map((term) => AffinityTerm.of(pod, term));
    const weighted = (list: readonly WeightedPodAffinityTerm[] | undefined) =>
      (list ?? []).map((term) => ({ term: AffinityTerm.of(pod, term.podAffinityTerm), weight: term.weight }));
    return new PodInfo(
      pod,
      parse('requiredAffinityTerms', () => terms(affinity?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution)),
      parse('requiredAntiAffinityTerms', () => terms(affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution)),
      parse('preferredAffinityTerms', () => weighted(affinity?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution)),
      parse('preferredAntiAffinityTerms', () => weighted(affinity?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution)),
      errors.length === 0 ? undefined : errors.length === 1 ? errors[0] : `[${errors.join(', ')}]`,
    );
  }

  /** Any pod affinity or anti-affinity at all (NodeInfo.PodsWithAffinity). */
  hasAffinity(): boolean {
    const affinity = this.pod.spec?.affinity;
    return affinity?.podAffinity != null || affinity?.podAntiAffinity != null;
  }
}

/** The key NodeInfo finds a pod by: its uid, or namespace/name for pods not yet stored. */
export function podKey(pod: Pod): string {
  return pod.metadata?.uid || `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`;
}
