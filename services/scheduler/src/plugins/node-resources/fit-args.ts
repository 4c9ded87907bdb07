// NodeResourcesFitArgs: resources the filter ignores and the scoring strategy, decoded,
// defaulted and validated as kube-scheduler does (ValidateNodeResourcesFitArgs).
import { FieldPath, invalid, notSupported } from '@kubeling/api/validation/field-errors';
import { validateLabelName } from '@kubeling/api/validation/names';
import { ARGS_TYPE_META, type Decoder } from '../../framework/config/decode.js';
import type { ArgsCodec } from '../../framework/registry.js';
import { decodeResourceSpecs, defaultResourceSpecs, type ResourceSpec } from './resource-spec.js';

export const SCORING_STRATEGY_TYPES = ['LeastAllocated', 'MostAllocated'] as const;
export type ScoringStrategyType = (typeof SCORING_STRATEGY_TYPES)[number];

export interface NodeResourcesFitArgs {
  /** Extended resources the filter does not check (e.g. ones an extender handles). */
  readonly ignoredResources: readonly string[];
  /** Extended resource domains the filter does not check, e.g. "example.com". */
  readonly ignoredResourceGroups: readonly string[];
  readonly scoringStrategy: { readonly type: ScoringStrategyType; readonly resources: readonly ResourceSpec[] };
}

const defaults = (): NodeResourcesFitArgs => ({
  ignoredResources: [],
  ignoredResourceGroups: [],
  scoringStrategy: { type: 'LeastAllocated', resources: defaultResourceSpecs() },
});

function decodeNames(raw: unknown, path: FieldPath, decoder: Decoder, isGroup: boolean): string[] {
  return decoder.list(raw, path).flatMap((item, i) => {
    const name = decoder.string(item, path.index(i));
    if (name === undefined) return [];
    if (isGroup && name.includes('/')) decoder.fieldError(invalid(path.index(i), name, "resource group name can't contain '/'"));
    for (const error of validateLabelName(name, path.index(i))) decoder.fieldError(error);
    return [name];
  });
}

function decodeScoringStrategy(raw: unknown, path: FieldPath, decoder: Decoder): NodeResourcesFitArgs['scoringStrategy'] {
  const fallback = defaults().scoringStrategy;
  const strategy = decoder.object(raw, path, ['type', 'resources']);
  if (strategy === undefined) return fallback;
  const typePath = path.child('type');
  const type = decoder.string(strategy.type, typePath) || fallback.type;
  if (!(SCORING_STRATEGY_TYPES as readonly string[]).includes(type)) decoder.fieldError(notSupported(typePath, type, SCORING_STRATEGY_TYPES));
  const resourcesPath = path.child('resources');
  const resources = decodeResourceSpecs(strategy.resources, resourcesPath, decoder) ?? fallback.resources;
  resources.forEach(({ name, weight }, i) => {
    if (weight <= 0 || weight > 100) decoder.fieldError(invalid(resourcesPath.index(i).child('weight'), weight, `resource weight of ${name} not in valid range (0, 100]`));
  });
  return { type: type as ScoringStrategyType, resources };
}

export const nodeResourcesFitArgs: ArgsCodec<NodeResourcesFitArgs> = {
  defaults,
  decode(raw, path, decoder) {
    const args = decoder.object(raw, path, [...ARGS_TYPE_META, 'ignoredResources', 'ignoredResourceGroups', 'scoringStrategy']) ?? {};
    return {
      ignoredResources: decodeNames(args.ignoredResources, path.child('ignoredResources'), decoder, false),
      ignoredResourceGroups: decodeNames(args.ignoredResourceGroups, path.child('ignoredResourceGroups'), decoder, true),
      scoringStrategy: decodeScoringStrategy(args.scoringStrategy, path.child('scoringStrategy'), decoder),
    };
  },
};
