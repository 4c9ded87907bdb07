// The kubelet's flags that describe its node (--node-labels, --register-with-taints, capacities),
// parsed the same for real kubelets and hollow nodes.
import { Quantity, QuantityError } from '@kubeling/api/validation/quantity';
import type { Taint } from 'kubernetes-types/core/v1.js';
import { invalid } from '@kubeling/component-base';

const TAINT_EFFECTS = new Set(['NoSchedule', 'PreferNoSchedule', 'NoExecute']);

export function quantity(name: string, raw: string): string {
  try {
    Quantity.parse(raw);
  } catch (err) {
    if (err instanceof QuantityError) throw invalid(name, raw, err.message);
    throw err;
  }
  return raw;
}

/** --node-labels: key=value,key=value. */
export function labels(name: string, raw: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const pair of raw.split(',').filter(Boolean)) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw invalid(name, raw, `"${pair}" is not key=value`);
    result[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return result;
}

/** --register-with-taints: key=value:Effect or key:Effect, comma-separated. */
export function taints(name: string, raw: string): Taint[] {
  return raw
    .split(',')
    .filter(Boolean)
    .map((spec) => {
      const match = /^([^=:]+)(?:=([^:]*))?:([^:]+)$/.exec(spec);
      if (!match || !TAINT_EFFECTS.has(match[3]!)) throw invalid(name, raw, `"${spec}" is not key=value:Effect with Effect one of NoSchedule, PreferNoSchedule, NoExecute`);
      return { key: match[1]!, ...(match[2] ? { value: match[2] } : {}), effect: match[3]! };
    });
}
