import type { LabelSelector, LabelSelectorRequirement } from 'kubernetes-types/meta/v1.js';

/** labels.FormatLabels: "k1=v1,k2=v2" sorted by key, "<none>" for none. */
export function formatLabels(labels: Record<string, string> | undefined): string {
  const text = Object.keys(labels ?? {})
    .sort()
    .map((key) => `${key}=${labels![key]}`)
    .join(',');
  return text || '<none>';
}

/**
 * metav1.FormatLabelSelector: the selector's string form, "<none>" when it selects everything or
 * nothing, "<error>" when it has an operator a LabelSelector does not allow.
 */
export function formatLabelSelector(selector: LabelSelector | undefined): string {
  const text = selectorString(selector);
  return text === undefined ? '<error>' : text || '<none>';
}

/**
 * metav1.LabelSelectorAsSelector(...).String(): one requirement per matchLabels entry and
 * matchExpressions entry, sorted by key, comma-joined; "" for a nil or empty selector;
 * undefined when the selector is invalid (LabelSelectorAsSelector's error).
 */
export function selectorString(selector: LabelSelector | undefined): string | undefined {
  if (!selector) return '';
  const equalities = Object.entries(selector.matchLabels ?? {}).map(([key, value]) => ({ key, text: `${key}=${value}` }));
  const expressions = (selector.matchExpressions ?? []).map((r) => ({ key: r.key, text: requirementString(r) }));
  if (expressions.some((r) => r.text === undefined)) return undefined;
  return [...equalities, ...expressions]
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((r) => r.text)
    .join(',');
}

/** labels.Requirement.String for the operators a LabelSelector allows; undefined for any other. */
function requirementString(requirement: LabelSelectorRequirement): string | undefined {
  const values = [...(requirement.values ?? [])].sort().join(',');
  switch (requirement.operator) {
    case 'In':
      return `${requirement.key} in (${values})`;
    case 'NotIn':
      return `${requirement.key} notin (${values})`;
    case 'Exists':
      return requirement.key;
    case 'DoesNotExist':
      return `!${requirement.key}`;
    default:
      return undefined;
  }
}
