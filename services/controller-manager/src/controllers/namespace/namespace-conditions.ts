// The namespace deleter's status conditions (namespace_condition.go): every sync writes all five
// condition types, True with what went wrong or remains, else False with the "ok" reason.
import type { NamespaceCondition, NamespaceStatus } from 'kubernetes-types/core/v1.js';

const CONDITION_TYPES = ['NamespaceDeletionDiscoveryFailure', 'NamespaceDeletionGroupVersionParsingFailure', 'NamespaceDeletionContentFailure', 'NamespaceContentRemaining', 'NamespaceFinalizersRemaining'] as const;
type ConditionType = (typeof CONDITION_TYPES)[number];

const OK: Record<ConditionType, { reason: string; message: string }> = {
  NamespaceDeletionDiscoveryFailure: { reason: 'ResourcesDiscovered', message: 'All resources successfully discovered' },
  NamespaceDeletionGroupVersionParsingFailure: { reason: 'ParsedGroupVersions', message: 'All legacy kube types successfully parsed' },
  NamespaceDeletionContentFailure: { reason: 'ContentDeleted', message: 'All content successfully deleted, may be waiting on finalization' },
  NamespaceContentRemaining: { reason: 'ContentRemoved', message: 'All content successfully removed' },
  NamespaceFinalizersRemaining: { reason: 'ContentHasNoFinalizers', message: 'All content-preserving finalizers finished' },
};

/** What is left after one pass: instances per resource ("pods." for the core group), instances per finalizer. */
export interface ContentTotals {
  remainingByResource: Map<string, number>;
  remainingByFinalizer: Map<string, number>;
}

/** The conditions one pass found true: content left, finalizers left, delete failures. */
export function failureConditions(totals: ContentTotals, deleteErrors: readonly Error[], now: string): NamespaceCondition[] {
  const out: NamespaceCondition[] = [];
  const counted = (counts: Map<string, number>, format: (key: string, n: number) => string) =>
    [...counts]
      .filter(([, n]) => n > 0)
      .map(([key, n]) => format(key, n))
      .sort();
  const resources = counted(totals.remainingByResource, (gr, n) => `${gr} has ${n} resource instances`);
  if (resources.length > 0) {
    out.push({ type: 'NamespaceContentRemaining', status: 'True', lastTransitionTime: now, reason: 'SomeResourcesRemain', message: `Some resources are remaining: ${resources.join(', ')}` });
  }
  const finalizers = counted(totals.remainingByFinalizer, (f, n) => `${f} in ${n} resource instances`);
  if (finalizers.length > 0) {
    out.push({ type: 'NamespaceFinalizersRemaining', status: 'True', lastTransitionTime: now, reason: 'SomeFinalizersRemain', message: `Some content in the namespace has finalizers remaining: ${finalizers.join(', ')}` });
  }
  if (deleteErrors.length > 0) {
    const messages = deleteErrors.map((e) => e.message).sort();
    out.push({
      type: 'NamespaceDeletionContentFailure',
      status: 'True',
      lastTransitionTime: now,
      reason: 'ContentDeletionFailed',
      message: `Failed to delete all resource types, ${deleteErrors.length} remaining: ${messages.join(', ')}`,
    });
  }
  return out;
}

/**
 * updateConditions: the status with every condition type set to the new verdict (a changed
 * status moves lastTransitionTime); `changed` says whether anything differs from before.
 */
export function updateConditions(status: NamespaceStatus | undefined, found: readonly NamespaceCondition[], now: string): { status: NamespaceStatus; changed: boolean } {
  const conditions = (status?.conditions ?? []).map((c) => ({ ...c }));
  let changed = false;
  for (const type of CONDITION_TYPES) {
    const next = found.find((c) => c.type === type) ?? { type, status: 'False', lastTransitionTime: now, ...OK[type] };
    const old = conditions.find((c) => c.type === type);
    if (!old) {
      conditions.push(next);
      changed = true;
    } else if (old.status !== next.status || old.message !== next.message || old.reason !== next.reason) {
      if (old.status !== next.status) old.lastTransitionTime = now;
      Object.assign(old, { status: next.status, reason: next.reason, message: next.message });
      changed = true;
    }
  }
  return { status: { ...status, conditions }, changed };
}
