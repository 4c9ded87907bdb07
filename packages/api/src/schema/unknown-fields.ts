import type { KindSchema, Schema, TypeSchemas } from './type-schemas.js';

/** sigs.k8s.io/json stops collecting strict errors at this many. */
const MAX_STRICT_ERRORS = 100;

/**
 * The fields of `obj` that its kind does not define, as upstream's strict decoder
 * (sigs.k8s.io/json) names them: dot-joined keys with list indices in brackets,
 * `spec.template.spec.containers[0].imagee`, in document order. Free-form values
 * (string maps such as labels and data, RawExtension, FieldsV1, apiextensions JSON)
 * hold anything, so nothing under them is unknown.
 */
export function unknownFields(obj: unknown, kind: KindSchema): string[] {
  const found: string[] = [];
  collect(obj, kind.schema, '', kind.types, found);
  return found.slice(0, MAX_STRICT_ERRORS);
}

function collect(value: unknown, schema: Schema, path: string, types: TypeSchemas, found: string[]): void {
  const s = types.resolve(schema);
  if (Array.isArray(value)) {
    const items = s.type === 'array' ? s.items : undefined;
    if (items) value.forEach((item, i) => collect(item, items, `${path}[${i}]`, types, found));
    return;
  }
  if (value === null || typeof value !== 'object' || s.type !== 'object') return;
  for (const [key, child] of Object.entries(value)) {
    // hasOwn: a key such as "constructor" must not find Object.prototype's members.
    const field = s.properties ? (Object.hasOwn(s.properties, key) ? s.properties[key] : undefined) : s.additionalProperties;
    if (field) collect(child, field, fieldPath(path, key), types, found);
    else if (s.properties) found.push(fieldPath(path, key));
  }
}

function fieldPath(parent: string, key: string): string {
  return parent === '' ? key : `${parent}.${key}`;
}

/** One unknown field as upstream words it, alone in a Warn-mode warning or joined in a Strict error. */
export function unknownFieldMessage(path: string): string {
  return `unknown field ${JSON.stringify(path)}`;
}

/** The message of the 400 a Strict request with unknown fields gets (runtime.NewStrictDecodingError). */
export function strictDecodingMessage(paths: readonly string[]): string {
  return `strict decoding error: ${paths.map(unknownFieldMessage).join(', ')}`;
}
