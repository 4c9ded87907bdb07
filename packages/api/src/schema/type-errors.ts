import type { KindSchema, Schema, TypeSchemas } from './type-schemas.js';

/** What JSON value types a schema accepts; undefined when anything goes (RawExtension, free-form JSON). */
function accepted(s: Schema): Set<string> | undefined {
  if (s.oneOf) return new Set(s.oneOf.flatMap((o) => [...(accepted(o) ?? [])]));
  switch (s.type) {
    case 'string':
      return new Set(['string']);
    case 'integer':
      return new Set(['integer']);
    case 'number':
      return new Set(['integer', 'number']);
    case 'boolean':
      return new Set(['boolean']);
    case 'array':
      return new Set(['array']);
    case 'object':
      return new Set(['object']);
    default:
      return undefined;
  }
}

function jsonType(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** Go's words for the JSON value a field could not take (encoding/json's UnmarshalTypeError). */
const GO_VALUE: Record<string, string> = { array: 'array', integer: 'number', number: 'number', string: 'string', boolean: 'bool', object: 'object' };
const GO_TYPE: Record<string, string> = { string: 'string', integer: 'int64', number: 'float64', boolean: 'bool', array: '[]', object: 'map' };

/**
 * The first field whose JSON type the kind's schema does not allow, in the words of Go's
 * decoder (`json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of
 * type string`), or undefined. null is allowed anywhere, as Go decodes it to the zero value.
 */
export function firstTypeError(obj: unknown, kind: KindSchema): string | undefined {
  return check(obj, kind.schema, '', kind.name.split('.').pop()!, kind.types);
}

function check(value: unknown, schema: Schema, path: string, struct: string, types: TypeSchemas): string | undefined {
  if (value === null || value === undefined) return undefined;
  const s = types.resolve(schema);
  const allowed = accepted(s);
  const actual = jsonType(value);
  if (allowed && !allowed.has(actual) && !(actual === 'integer' && allowed.has('number'))) {
    const goType = s.type === 'array' ? '[]' + (s.items?.type ?? 'object') : (GO_TYPE[s.type ?? 'object'] ?? 'object');
    return `json: cannot unmarshal ${GO_VALUE[actual] ?? actual} into Go struct field ${struct}.${path} of type ${goType}`;
  }
  if (Array.isArray(value) && s.items) {
    for (const item of value) {
      const err = check(item, s.items, path, struct, types);
      if (err) return err;
    }
  } else if (actual === 'object' && s.type === 'object') {
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      const field = s.properties ? (Object.hasOwn(s.properties, key) ? s.properties[key] : undefined) : s.additionalProperties;
      if (!field) continue;
      const err = check(child, field, path === '' ? key : `${path}.${key}`, struct, types);
      if (err) return err;
    }
  }
  return undefined;
}
