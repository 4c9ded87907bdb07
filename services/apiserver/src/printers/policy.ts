import type { ResourceQuota } from 'kubernetes-types/core/v1.js';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.js';
import { AGE_COLUMN, NAME_COLUMN, age, column } from './columns.js';
import type { Printer } from './printer.js';

export const podDisruptionBudgetPrinter: Printer<PodDisruptionBudget> = {
  columns: [
    NAME_COLUMN,
    column('Min Available', 'The minimum number of pods that must be available.'),
    column('Max Unavailable', 'The maximum number of pods that may be unavailable.'),
    column('Allowed Disruptions', 'Calculated number of pods that may be disrupted at this time.', { type: 'integer' }),
    AGE_COLUMN,
  ],
  cells(pdb, now) {
    return [
      pdb.metadata?.name ?? '',
      intOrPercent(pdb.spec?.minAvailable),
      intOrPercent(pdb.spec?.maxUnavailable),
      pdb.status?.disruptionsAllowed ?? 0,
      age(pdb.metadata, now),
    ];
  },
};

/** An IntOrString as its String() shows it, "N/A" when unset. */
function intOrPercent(value: number | string | undefined): string {
  return value === undefined ? 'N/A' : String(value);
}

export const resourceQuotaPrinter: Printer<ResourceQuota> = {
  columns: [
    NAME_COLUMN,
    column('Request', 'Request represents a minimum amount of cpu/memory that a container may consume.'),
    column('Limit', 'Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node.'),
    AGE_COLUMN,
  ],
  cells(quota, now) {
    const usage = quotaUsage(quota);
    const isLimit = (entry: QuotaEntry) => entry.resource.startsWith('limits.');
    return [
      quota.metadata?.name ?? '',
      usage.filter((entry) => !isLimit(entry)).map((entry) => entry.text).join(', '),
      usage.filter(isLimit).map((entry) => entry.text).join(', '),
      age(quota.metadata, now),
    ];
  },
};

interface QuotaEntry {
  resource: string;
  /** "pods: 2/10": used of hard. */
  text: string;
}

/** Every hard-limited resource, sorted by name, with its use (0 until the quota controller counts it). */
function quotaUsage(quota: ResourceQuota): QuotaEntry[] {
  const hard = quota.status?.hard ?? {};
  const used = quota.status?.used ?? {};
  return Object.keys(hard)
    .sort()
    .map((resource) => ({ resource, text: `${resource}: ${used[resource] ?? '0'}/${hard[resource]}` }));
}
