// A decoded protobuf message → the JSON the Go apiserver would produce for the same object.
import protobuf from 'protobufjs';
import { GO_JSON_TYPES, int64 } from './go-json-types.js';
import { goField } from './go-fields.js';

type Fields = Record<string, unknown>;

const INT64_TYPES = new Set(['int64', 'uint64', 'sint64', 'fixed64', 'sfixed64']);

/**
 * Converts like Go's encoding/json over the Go struct: message fields on the wire are written
 * (gogo writes non-pointer structs always, so `resources: {}` survives), scalars follow their
 * pointer/omitempty tags, and empty lists and maps are left out (nil after protobuf decoding).
 */
export function messageToJson(type: protobuf.Type, message: Fields): unknown {
  const custom = GO_JSON_TYPES.get(type.fullName);
  if (custom) return custom.toJson(message);
  const json: Fields = {};
  for (const field of type.fieldsArray) writeField(json, field, message);
  return json;
}

function writeField(json: Fields, field: protobuf.Field, message: Fields): void {
  const go = goField(field);
  const present = Object.prototype.hasOwnProperty.call(message, field.name);
  const value = message[field.name];
  if (field.map) {
    const entries = Object.entries((present ? value : {}) as Fields);
    if (entries.length > 0) json[go.jsonName] = Object.fromEntries(entries.map(([k, v]) => [k, valueToJson(field, v)]));
  } else if (field.repeated) {
    const items = (present ? value : []) as unknown[];
    if (items.length > 0) json[go.jsonName] = items.map((v) => valueToJson(field, v));
  } else if (field.resolvedType instanceof protobuf.Type) {
    if (!present) return;
    const converted = valueToJson(field, value);
    if (go.inline) Object.assign(json, converted);
    else json[go.jsonName] = converted;
  } else if (go.nullable) {
    if (present) json[go.jsonName] = valueToJson(field, value);
  } else {
    const converted = valueToJson(field, present ? value : field.typeDefault);
    if (!go.omitempty || !isZero(converted)) json[go.jsonName] = converted;
  }
}

function valueToJson(field: protobuf.Field, value: unknown): unknown {
  if (field.resolvedType instanceof protobuf.Type) return messageToJson(field.resolvedType, value as Fields);
  if (field.type === 'bytes') return Buffer.from(value as Uint8Array).toString('base64');
  if (INT64_TYPES.has(field.type)) return Number(int64(value));
  return value;
}

function isZero(value: unknown): boolean {
  return value === '' || value === 0 || value === false;
}
