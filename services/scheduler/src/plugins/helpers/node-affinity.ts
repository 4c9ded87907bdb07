// Matching nodes against a pod's node selector and node affinity (component-helpers
// scheduling/corev1/nodeaffinity): terms are ORed, a term's expressions and fields ANDed, a term
// with neither matches nothing, and a term that does not parse matches nothing.
import type { Node, NodeSelector, NodeSelectorRequirement, NodeSelectorTerm, Pod, PreferredSchedulingTerm } from 'kubernetes-types/core/v1.js';
import { LabelSelector, Requirement, type LabelOperator } from '@kubeling/api/selectors/label-selector';

const LABEL_OPERATORS: Readonly<Record<string, LabelOperator>> = { In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!', Gt: 'gt', Lt: 'lt' };

/** The one node field a term may match (metadata.name), with In or NotIn and exactly one value. */
interface FieldRequirement {
  readonly key: string;
  readonly equal: boolean;
  readonly value: string;
}

/** nodeSelectorRequirementsAsSelector: throws with Kubernetes' message for an operator or value that does not fit. */
function labelRequirement(expression: NodeSelectorRequirement): Requirement {
  const operator = Object.hasOwn(LABEL_OPERATORS, expression.operator) ? LABEL_OPERATORS[expression.operator] : undefined;
  if (operator === undefined) throw new Error(`Unsupported value: "${expression.operator}"`);
  return Requirement.create(expression.key, operator, expression.values ?? []);
}

/** nodeSelectorRequirementsAsFieldSelector. */
function fieldRequirement(expression: NodeSelectorRequirement): FieldRequirement {
  if (expression.operator !== 'In' && expression.operator !== 'NotIn') throw new Error(`Unsupported value: "${expression.operator}"`);
  const values = expression.values ?? [];
  if (values.length !== 1) throw new Error('must have one element');
  return { key: expression.key, equal: expression.operator === 'In', value: values[0] };
}

/** A parsed NodeSelectorTerm (nodeSelectorTerm). */
class ParsedTerm {
  private readonly labels?: LabelSelector;
  private readonly fields?: readonly FieldRequirement[];
  /** Why the term does not parse; such a term matches no node. */
  readonly parseError?: string;

  constructor(term: NodeSelectorTerm) {
    try {
      if ((term.matchExpressions ?? []).length > 0) this.labels = LabelSelector.of(term.matchExpressions!.map(labelRequirement));
      if ((term.matchFields ?? []).length > 0) this.fields = term.matchFields!.map(fieldRequirement);
    } catch (error) {
      this.parseError = (error as Error).message;
    }
  }

  matches(node: Node): boolean {
    if (this.parseError !== undefined || (this.labels === undefined && this.fields === undefined)) return false;
    if (this.labels !== undefined && !this.labels.matches(node.metadata?.labels ?? {})) return false;
    const name = node.metadata?.name ?? '';
    // Node fields are only metadata.name; a nameless node has none to match.
    if (this.fields !== undefined && name !== '') {
      const nodeFields: Readonly<Record<string, string>> = { 'metadata.name': name };
      return this.fields.every(({ key, equal, value }) => ((nodeFields[key] ?? '') === value) === equal);
    }
    return true;
  }
}

/** requiredDuringSchedulingIgnoredDuringExecution: the node matches one of the terms. */
export function nodeMatchesNodeSelector(node: Node, selector: NodeSelector): boolean {
  return selector.nodeSelectorTerms.some((term) => new ParsedTerm(term).matches(node));
}

/**
 * A pod's hard node constraints (RequiredNodeAffinity): spec.nodeSelector, every label equal,
 * and spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.
 */
export class RequiredNodeAffinity {
  private readonly terms?: readonly ParsedTerm[];

  constructor(private readonly pod: Pod) {
    const required = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    if (required != null) this.terms = required.nodeSelectorTerms.map((term) => new ParsedTerm(term));
  }

  match(node: Node): boolean {
    const labels = node.metadata?.labels ?? {};
    const nodeSelector = Object.entries(this.pod.spec?.nodeSelector ?? {});
    if (!nodeSelector.every(([key, value]) => Object.hasOwn(labels, key) && labels[key] === value)) return false;
    return this.terms === undefined || this.terms.some((term) => term.matches(node));
  }
}

/**
 * preferredDuringSchedulingIgnoredDuringExecution (PreferredSchedulingTerms): the sum of the
 * weights of the terms a node matches. Terms without weight or without any requirement count for nothing.
 */
export class PreferredSchedulingTerms {
  private constructor(private readonly terms: readonly { term: ParsedTerm; weight: number }[]) {}

  /** The parsed terms, or the message of the first that does not parse (NewPreferredSchedulingTerms' error). */
  static of(terms: readonly PreferredSchedulingTerm[]): PreferredSchedulingTerms | string {
    const parsed: { term: ParsedTerm; weight: number }[] = [];
    for (const { weight, preference } of terms) {
      const empty = (preference.matchExpressions ?? []).length === 0 && (preference.matchFields ?? []).length === 0;
      if (weight === 0 || empty) continue;
      const term = new ParsedTerm(preference);
      if (term.parseError !== undefined) return term.parseError;
      parsed.push({ term, weight });
    }
    return new PreferredSchedulingTerms(parsed);
  }

  score(node: Node): number {
    return this.terms.reduce((sum, { term, weight }) => (term.matches(node) ? sum + weight : sum), 0);
  }
}
