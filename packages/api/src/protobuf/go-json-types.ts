// The apimachinery types that marshal themselves: their JSON is not the shape of their protobuf
// message (resource.Quantity, intstr.IntOrString, metav1.Time/MicroTime/Duration/FieldsV1, ExtraValue).
import { formatGoDuration, parseGoDuration } from './go-duration.js';

type Fields = Record<string, unknown>;

/** How one self-marshalling Go type converts between its protobuf message and its JSON value. */
export interface GoJsonType {
  toJson(message: Fields): unknown;
  /** The plain message (for protobufjs `Type.fromObject`) of a JSON value; undefined leaves the field unset. */
  fromJson(json: unknown): Fields | undefined;
}

const META = 'k8s.io.apimachinery.pkg.apis.meta.v1';

/** int64 fields decode as protobufjs Long objects or numbers; both print as decimal. */
export function int64(value: unknown): bigint {
  return value === undefined || value === null ? 0n : BigInt(String(value));
}

const quantity: GoJsonType = {
  // A zero Quantity (empty string on the wire) marshals as "0".
  toJson: (m) => (m.string as string | undefined) || '0',
  fromJson: (json) => (json === null ? undefined : { string: String(json) }),
};

// intstr.Type: 0 = Int, 1 = String.
const intOrString: GoJsonType = {
  toJson: (m) => (Number(int64(m.type)) === 1 ? (m.strVal ?? '') : (m.intVal ?? 0)),
  fromJson: (json) =>
    json === null ? undefined : typeof json === 'number' ? { type: 0, intVal: json } : { type: 1, strVal: String(json) },
};

/** metav1.Time: RFC3339 in UTC, whole seconds. A zero Time is an empty message and JSON null. */
const time: GoJsonType = {
  toJson: (m) => (isEmpty(m) ? null : rfc3339(m, 0)),
  fromJson: (json) => (json === null ? {} : timestamp(String(json))),
};

/** metav1.MicroTime: RFC3339 in UTC with exactly six fractional digits. */
const microTime: GoJsonType = {
  toJson: (m) => (isEmpty(m) ? null : rfc3339(m, 6)),
  fromJson: time.fromJson,
};

const duration: GoJsonType = {
  toJson: (m) => formatGoDuration(int64(m.duration)),
  fromJson: (json) => {
    if (json === null) return undefined;
    const ns = parseGoDuration(String(json));
    if (ns === undefined) throw new TypeError(`invalid duration ${JSON.stringify(json)}`);
    return { duration: ns.toString() };
  },
};

/** metav1.FieldsV1 carries JSON (managedFields) as raw bytes. */
const fieldsV1: GoJsonType = {
  toJson: (m) => (m.Raw instanceof Uint8Array && m.Raw.length > 0 ? JSON.parse(Buffer.from(m.Raw).toString('utf8')) : null),
  fromJson: (json) => (json === null ? undefined : { Raw: Buffer.from(JSON.stringify(json)) }),
};

/** ExtraValue is a Go []string; the message wraps it in `items`. */
const extraValue: GoJsonType = {
  toJson: (m) => m.items ?? [],
  fromJson: (json) => (json === null ? undefined : { items: json }),
};

/** By protobufjs full name (leading dot). */
export const GO_JSON_TYPES: ReadonlyMap<string, GoJsonType> = new Map([
  ['.k8s.io.apimachinery.pkg.api.resource.Quantity', quantity],
  ['.k8s.io.apimachinery.pkg.util.intstr.IntOrString', intOrString],
  [`.${META}.Time`, time],
  [`.${META}.MicroTime`, microTime],
  [`.${META}.Duration`, duration],
  [`.${META}.FieldsV1`, fieldsV1],
  ['.k8s.io.api.authentication.v1.ExtraValue', extraValue],
]);

function isEmpty(m: Fields): boolean {
  return !Object.prototype.hasOwnProperty.call(m, 'seconds') && !Object.prototype.hasOwnProperty.call(m, 'nanos');
}

function rfc3339(m: Fields, fractionDigits: 0 | 6): string {
  const seconds = int64(m.seconds);
  const date = new Date(Number(seconds) * 1000).toISOString().slice(0, 19);
  if (fractionDigits === 0) return `${date}Z`;
  const micros = Math.floor(Number(m.nanos ?? 0) / 1000);
  return `${date}.${String(micros).padStart(6, '0')}Z`;
}

function timestamp(text: string): Fields {
  const millis = Date.parse(text);
  if (Number.isNaN(millis)) throw new TypeError(`invalid RFC3339 time ${JSON.stringify(text)}`);
  const fraction = /T\d\d:\d\d:\d\d\.(\d+)/.exec(text)?.[1] ?? '';
  return { seconds: Math.floor(millis / 1000), nanos: Number(fraction.padEnd(9, '0').slice(0, 9)) };
}
