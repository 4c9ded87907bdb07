import type { KindSchema, Schema, TypeSchemas } from './type-schemas.js';

/** sigs.k8s.io/json stops collecting strict errors at this many. */
export const MAX_STRICT_ERRORS = 100;

/** What one pass over an object against its kind's schema finds. */
export interface FieldFindings {
  /** The first value of a type its field does not allow, in the words of Go's decoder. */
  typeError?: string;
  /** Fields the kind does not define, as upstream's strict decoder names them, in document order. */
  unknown: string[];
}

/** What JSON value types a schema accepts; undefined when anything goes (RawExtension, free-form JSON). */
function accepted(s: Schema): Set<string> | undefined {
  if (s.oneOf) return new Set(s.oneOf.flatMap((o) => [...(accepted(o) ?? [])]));
  switch (s.type) {
    case 'number':
      return new Set(['integer', 'number']);
    case 'string':
    case 'integer':
    case 'boolean':
    case 'array':
    case 'object':
      return new Set([s.type]);
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

interface Walk {
  types: TypeSchemas;
  struct: string;
  findings: FieldFindings;
}

/**
 * One pass over `obj` against its kind's schema, finding both what the decoder refuses (a
 * value of the wrong type; null is allowed anywhere, as Go decodes it to the zero value)
 * and what the strict decoder reports (fields the kind does not have). Free-form values
 * (string maps such as labels and data, RawExtension) hold anything.
 */
export function walkFields(obj: unknown, kind: KindSchema): FieldFindings {
  const walk: Walk = { types: kind.types, struct: kind.name.split('.').pop()!, findings: { unknown: [] } };
  visit(obj, kind.schema, '', '', walk);
  walk.findings.unknown = walk.findings.unknown.slice(0, MAX_STRICT_ERRORS);
  return walk.findings;
}

/** `path` names a field as the strict decoder does (with list indices), `goPath` as the type error does (without). */
function visit(value: unknown, schema: Schema, path: string, goPath: string, walk: Walk): void {
  if (value === null || value === undefined) return;
  const s = walk.types.resolve(schema);
  const allowed = accepted(s);
  const actual = jsonType(value);
  if (allowed && !allowed.has(actual)) {
    if (!walk.findings.typeError) {
      const goType = s.type === 'array' ? '[]' + (s.items?.type ?? 'object') : (GO_TYPE[s.type ?? 'object'] ?? 'object');
      walk.findings.typeError = `json: cannot unmarshal ${GO_VALUE[actual] ?? actual} into Go struct field ${walk.struct}.${goPath} of type ${goType}`;
    }
    return;
  }
  if (Array.isArray(value)) {
    if (s.type === 'array' && s.items) value.forEach((item, i) => visit(item, s.items!, `${path}[${i}]`, goPath, walk));
    return;
  }
  if (actual !== 'object' || s.type !== 'object') return;
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    // hasOwn: a key such as "constructor" must not find Object.prototype's members.
    const field = s.properties ? (Object.hasOwn(s.properties, key) ? s.properties[key] : undefined) : s.additionalProperties;
    if (field) visit(child, field, join(path, key), join(goPath, key), walk);
    else if (s.properties) walk.findings.unknown.push(join(path, key));
  }
}

function join(parent: string, key: string): string {
  return parent === '' ? key : `${parent}.${key}`;
}
