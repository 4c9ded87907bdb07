// The resources a node-resources score looks at and how much each counts (config.ResourceSpec),
// as written in pluginConfig args: `resources: [{name: cpu, weight: 1}, ...]`.
import { FieldPath } from '@kubeling/api/validation/field-errors';
import type { Decoder } from '../../framework/config/decode.js';
import { CPU, MEMORY } from '../../framework/resource-names.js';

export interface ResourceSpec {
  readonly name: string;
  readonly weight: number;
}

/** cpu and memory, equally: the default of both NodeResourcesFit and NodeResourcesBalancedAllocation. */
export const defaultResourceSpecs = (): ResourceSpec[] => [
  { name: CPU, weight: 1 },
  { name: MEMORY, weight: 1 },
];

/** The list at `path`; an absent weight is 1, as kube-scheduler defaults it. Undefined when not given. */
export function decodeResourceSpecs(raw: unknown, path: FieldPath, decoder: Decoder): ResourceSpec[] | undefined {
  if (raw == null) return undefined;
  return decoder.list(raw, path).map((item, i) => {
    const itemPath = path.index(i);
    const spec = decoder.object(item, itemPath, ['name', 'weight']) ?? {};
    const name = decoder.requiredString(spec.name, itemPath.child('name'));
    return { name, weight: decoder.integer(spec.weight, itemPath.child('weight')) || 1 };
  });
}
