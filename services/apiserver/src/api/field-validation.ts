import type { ResourceInfo } from '@kubeling/api';
import { schemaForKind } from '@kubeling/api/schema/type-schemas';
import { strictDecodingMessage, unknownFieldMessage, unknownFields } from '@kubeling/api/schema/unknown-fields';
import { errors } from '../errors.js';
import type { WriteOptions } from './resource-ref.js';

/** The fieldValidation query parameter; absent means Warn, as in Kubernetes 1.27 and later. */
export function fieldValidationOf(raw: string | null): WriteOptions['fieldValidation'] {
  if (raw === null || raw === '') return 'Warn';
  if (raw === 'Strict' || raw === 'Warn' || raw === 'Ignore') return raw;
  throw errors.badRequest(`fieldValidation: Unsupported value: "${raw}": supported values: "Ignore", "Strict", "Warn"`);
}

/** Checks a request body for fields its kind does not have, as the strict decoder does. */
export function checkUnknownFields(r: ResourceInfo, body: unknown, options: WriteOptions): void {
  const mode = options.fieldValidation ?? 'Warn';
  if (mode === 'Ignore') return;
  const schema = schemaForKind(r.group, r.version, r.kind);
  if (!schema) return;
  const unknown = unknownFields(body, schema);
  if (unknown.length === 0) return;
  if (mode === 'Strict') throw errors.badRequest(strictDecodingMessage(unknown));
  for (const path of unknown) options.warn?.(unknownFieldMessage(path));
}
