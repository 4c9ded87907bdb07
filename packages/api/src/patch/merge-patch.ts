/**
 * JSON Merge Patch (RFC 7386) as the apiserver applies it: evanphx/json-patch v4 MergePatch,
 * including its treatment of nulls inside values that replace rather than merge.
 */
import { PatchError } from './json-patch.js';

type JsonMap = Record<string, unknown>;

/**
 * Applies a merge patch to `document` and returns the result; the inputs are left untouched.
 * A null or scalar patch is rejected with 400 "Invalid JSON Patch"; an array patch replaces the document.
 */
export function applyMergePatch(document: unknown, patch: unknown): unknown {
  if (Array.isArray(patch)) return pruneNulls(structuredClone(patch));
  if (!isMap(patch)) throw new PatchError('Invalid JSON Patch', 400);
  const copy = structuredClone(patch);
  if (!isMap(document)) return pruneNulls(copy);
  return mergeInto(structuredClone(document), copy);
}

function mergeInto(target: JsonMap, patch: JsonMap): JsonMap {
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete target[key];
    else target[key] = mergeValue(target[key], value);
  }
  return target;
}

function mergeValue(current: unknown, patch: unknown): unknown {
  // An absent or null member takes the patch value without its nulls.
  if (current === undefined || current === null || !isMap(current)) return pruneNulls(patch);
  // evanphx returns a non-object patch as is here, nulls and all.
  if (!isMap(patch)) return patch;
  return mergeInto(current, patch);
}

/** Removes null members from objects, recursively (through arrays too; null array items stay). */
function pruneNulls(value: unknown): unknown {
  if (Array.isArray(value)) value.forEach(pruneNulls);
  else if (isMap(value)) {
    for (const [key, item] of Object.entries(value)) {
      if (item === null) delete value[key];
      else pruneNulls(item);
    }
  }
  return value;
}

function isMap(value: unknown): value is JsonMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
