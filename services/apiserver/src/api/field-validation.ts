import type { ResourceInfo } from '@kubeling/api';
import { schemaForKind } from '@kubeling/api/schema/type-schemas';
import { walkFields } from '@kubeling/api/schema/field-walk';
import { strictDecodingMessage, unknownFieldMessage } from '@kubeling/api/schema/unknown-fields';
import { errors } from '../errors.js';
import type { WriteOptions } from './resource-ref.js';

/** The fieldValidation query parameter; absent means Warn, as in Kubernetes 1.27 and later. */
export function fieldValidationOf(raw: string | null): WriteOptions['fieldValidation'] {
  if (raw === null || raw === '') return 'Warn';
  if (raw === 'Strict' || raw === 'Warn' || raw === 'Ignore') return raw;
  throw errors.badRequest(`fieldValidation: Unsupported value: "${raw}": supported values: "Ignore", "Strict", "Warn"`);
}

/**
 * Checks a request body as Kubernetes' decoder does: a value of the wrong JSON type is a
 * 400 whatever the mode; unknown fields are refused (Strict), reported (Warn) or let be.
 */
export function checkUnknownFields(r: ResourceInfo, body: unknown, options: WriteOptions): void {
  const schema = schemaForKind(r.group, r.version, r.kind);
  if (!schema) return;
  // One pass finds both, as each write goes through here.
  const { typeError, unknown } = walkFields(body, schema);
  if (typeError) throw errors.badRequest(`${r.kind} in version "${r.version}" cannot be handled as a ${r.kind}: ${typeError}`);
  const mode = options.fieldValidation ?? 'Warn';
  if (mode === 'Ignore' || unknown.length === 0) return;
  if (mode === 'Strict') throw errors.badRequest(strictDecodingMessage(unknown));
  for (const path of unknown) options.warn?.(unknownFieldMessage(path));
}

/**
 * The object as Go's decoder leaves it: a null field is the field's zero value, which
 * Kubernetes then omits, so nulls are dropped (patches have been applied by now, so no
 * null still means "delete").
 */
export function withoutNulls<T>(value: T): T {
  if (Array.isArray(value)) return value.filter((v) => v !== null).map(withoutNulls) as T;
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) if (v !== null) out[k] = withoutNulls(v);
  return out as T;
}
