// NodeResourcesBalancedAllocationArgs: the resources whose balance is scored, decoded,
// defaulted and validated as kube-scheduler does (ValidateNodeResourcesBalancedAllocationArgs).
import { duplicate, invalid } from '@kubeling/api/validation/field-errors';
import { ARGS_TYPE_META } from '../../framework/config/decode.js';
import type { ArgsCodec } from '../../framework/registry.js';
import { decodeResourceSpecs, defaultResourceSpecs, type ResourceSpec } from './resource-spec.js';

export interface NodeResourcesBalancedAllocationArgs {
  readonly resources: readonly ResourceSpec[];
}

/** ValidateNodeResourcesBalancedAllocationArgs: each resource once, each with weight 1. */
export const nodeResourcesBalancedAllocationArgs: ArgsCodec<NodeResourcesBalancedAllocationArgs> = {
  defaults: () => ({ resources: defaultResourceSpecs() }),
  decode(raw, path, decoder) {
    const args = decoder.object(raw, path, [...ARGS_TYPE_META, 'resources']) ?? {};
    const resourcesPath = path.child('resources');
    const resources = decodeResourceSpecs(args.resources, resourcesPath, decoder) ?? defaultResourceSpecs();
    const seen = new Set<string>();
    resources.forEach(({ name, weight }, i) => {
      if (seen.has(name)) decoder.fieldError(duplicate(resourcesPath.index(i).child('name'), name));
      seen.add(name);
      if (weight !== 1) decoder.fieldError(invalid(resourcesPath.index(i).child('weight'), weight, 'must be 1'));
    });
    return { resources };
  },
};
