import { groupVersion, type ResourceInfo } from '@kubeling/api';
import { patchSchemaFor } from '@kubeling/api/patch/patch-meta';
import { strategicMergePatch } from '@kubeling/api/patch/strategic-merge-patch';
import { ApiError, errors } from '../errors.js';
import type { KubeObject } from '../storage/object.js';
import { isPlainObject } from '../storage/object.js';
import { applyJsonPatch, PatchError } from '@kubeling/api/patch/json-patch';
import { applyMergePatch } from '@kubeling/api/patch/merge-patch';

/** Applies a PATCH body by its content type, as the apiserver's patcher does. */
export function applyPatch(r: ResourceInfo, contentType: string, current: KubeObject, patch: unknown): KubeObject {
  try {
    switch (contentType) {
      case 'application/json-patch+json':
        if (!Array.isArray(patch)) throw errors.badRequest('the server rejected our request due to an error in our request: json patch must be an array of operations');
        return asObject(applyJsonPatch(current, patch));
      case 'application/merge-patch+json':
      // Server-side apply is served as a merge of the applied configuration (no field ownership yet).
      case 'application/apply-patch+yaml':
        return asObject(applyMergePatch(current, patch));
      case 'application/strategic-merge-patch+json': {
        if (!isPlainObject(patch)) throw errors.badRequest('the body of the request was in an unknown format - a strategic merge patch must be a JSON object');
        const schema = patchSchemaFor({ group: r.group, version: r.version, kind: r.kind });
        if (!schema) throw errors.unsupportedMediaType(`${contentType} (strategic merge patch is only for built-in kinds; ${groupVersion(r)} ${r.kind} has no patch metadata)`);
        return asObject(strategicMergePatch(current as Record<string, unknown>, patch, schema));
      }
      default:
        throw errors.unsupportedMediaType(contentType);
    }
  } catch (err) {
    if (err instanceof PatchError) throw new ApiError(err.code, err.reason || 'InternalError', err.statusMessage);
    throw err;
  }
}

function asObject(value: unknown): KubeObject {
  if (!isPlainObject(value)) throw errors.badRequest('the patch made the object something other than a JSON object');
  return value as KubeObject;
}
