// Kubernetes JSON → a plain protobuf message, written the way Kubernetes' gogo-generated
// marshalers write it (non-pointer scalars always, pointers only when set).
import protobuf from 'protobufjs';
import { GO_JSON_TYPES } from './go-json-types.js';
import { goField } from './go-fields.js';

type Fields = Record<string, unknown>;

/** The plain object for protobufjs `Type.fromObject`; undefined for a JSON null message. */
export function jsonToMessage(type: protobuf.Type, json: unknown): Fields | undefined {
  const custom = GO_JSON_TYPES.get(type.fullName);
  if (custom) return custom.fromJson(json);
  if (json === null) return undefined;
  const source = json as Fields;
  const message: Fields = {};
  for (const field of type.fieldsArray) readField(message, field, source);
  return message;
}

function readField(message: Fields, field: protobuf.Field, source: Fields): void {
  const go = goField(field);
  const value = go.inline ? source : source[go.jsonName];
  if (field.map) {
    if (value) message[field.name] = Object.fromEntries(Object.entries(value as Fields).map(([k, v]) => [k, valueFromJson(field, v)]));
  } else if (field.repeated) {
    if (Array.isArray(value)) message[field.name] = value.map((v) => valueFromJson(field, v));
  } else if (field.resolvedType instanceof protobuf.Type) {
    const converted = value === undefined ? undefined : valueFromJson(field, value);
    if (converted !== undefined) message[field.name] = converted;
  } else if (value !== undefined && value !== null) {
    message[field.name] = valueFromJson(field, value);
  } else if (!go.nullable) {
    message[field.name] = field.typeDefault;
  }
}

function valueFromJson(field: protobuf.Field, value: unknown): unknown {
  if (field.resolvedType instanceof protobuf.Type) return jsonToMessage(field.resolvedType, value);
  if (field.type === 'bytes') return Buffer.from(String(value), 'base64');
  return value;
}
