import { LabelSelectorError, labelSelectorFromMeta } from '@kubeling/api/selectors/label-selector';
import type { LabelSelector } from 'kubernetes-types/meta/v1.js';

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
 * nothing, "<error>" when it is invalid.
 */
export function formatLabelSelector(selector: LabelSelector | undefined): string {
  const text = selectorString(selector);
  return text === undefined ? '<error>' : text || '<none>';
}

/**
 * metav1.LabelSelectorAsSelector(...).String(): "" for a nil or empty selector, undefined when
 * the selector is invalid (LabelSelectorAsSelector's error).
 */
export function selectorString(selector: LabelSelector | undefined): string | undefined {
  try {
    return labelSelectorFromMeta(selector).toString();
  } catch (error) {
    if (error instanceof LabelSelectorError) return undefined;
    throw error;
  }
}
