// Field-level validation errors, as k8s.io/apimachinery/pkg/util/validation/field: the path to
// a field, the error types with their metav1.CauseType strings, and the messages users read in
// `kubectl` output and in metav1.Status (Kubernetes 1.32 wording).
import type { StatusCause } from 'kubernetes-types/meta/v1.js';

/** The path from an object's root to a field, printed as `spec.containers[0].image` (field.Path). */
export class FieldPath {
  private constructor(
    private readonly parent: FieldPath | undefined,
    /** The field name, or '' when this element is a subscript. */
    private readonly name: string,
    private readonly subscript: string,
  ) {}

  /** A root path, optionally with more names below it: `FieldPath.of('metadata', 'name')`. */
  static of(name: string, ...moreNames: string[]): FieldPath {
    return new FieldPath(undefined, name, '').child(...moreNames);
  }

  child(...names: string[]): FieldPath {
    return names.reduce<FieldPath>((path, name) => new FieldPath(path, name, ''), this);
  }

  index(index: number): FieldPath {
    return new FieldPath(this, '', String(index));
  }

  key(key: string): FieldPath {
    return new FieldPath(this, '', key);
  }

  toString(): string {
    const own = this.name === '' ? `[${this.subscript}]` : this.name;
    if (this.parent === undefined) return own;
    return this.name === '' ? `${this.parent}${own}` : `${this.parent}.${own}`;
  }
}

/** field.ErrorType: the metav1.CauseType a cause carries as its `reason`. */
export const FieldErrorType = {
  NotFound: 'FieldValueNotFound',
  Required: 'FieldValueRequired',
  Duplicate: 'FieldValueDuplicate',
  Invalid: 'FieldValueInvalid',
  NotSupported: 'FieldValueNotSupported',
  Forbidden: 'FieldValueForbidden',
  TooLong: 'FieldValueTooLong',
  TooMany: 'FieldValueTooMany',
  Internal: 'InternalError',
} as const;
export type FieldErrorType = (typeof FieldErrorType)[keyof typeof FieldErrorType];

const TYPE_TEXT: Record<FieldErrorType, string> = {
  FieldValueNotFound: 'Not found',
  FieldValueRequired: 'Required value',
  FieldValueDuplicate: 'Duplicate value',
  FieldValueInvalid: 'Invalid value',
  FieldValueNotSupported: 'Unsupported value',
  FieldValueForbidden: 'Forbidden',
  FieldValueTooLong: 'Too long',
  FieldValueTooMany: 'Too many',
  InternalError: 'Internal error',
};

/** Types whose message never shows the bad value. */
const VALUELESS = new Set<FieldErrorType>(['FieldValueRequired', 'FieldValueForbidden', 'FieldValueTooLong', 'InternalError']);

/** Marks a bad value that is not to be printed (field.omitValue). */
export const OMIT_VALUE: unique symbol = Symbol('omitValue');

/** One field's error (field.Error). A value, not thrown: validators return lists of them. */
export class FieldError {
  constructor(
    readonly type: FieldErrorType,
    /** The field's path as text; "<nil>" when the error has no path, as Go prints a nil *Path. */
    readonly field: string,
    readonly badValue: unknown,
    readonly detail: string,
  ) {}

  /** The message without the field name (ErrorBody), as in a Status cause's `message`. */
  errorBody(): string {
    const head = VALUELESS.has(this.type) || this.badValue === OMIT_VALUE ? TYPE_TEXT[this.type] : `${TYPE_TEXT[this.type]}: ${formatValue(this.badValue)}`;
    return this.detail === '' ? head : `${head}: ${this.detail}`;
  }

  /** `metadata.name: Invalid value: "Foo": ...` (field.Error.Error()). */
  toString(): string {
    return `${this.field}: ${this.errorBody()}`;
  }
}

/** A path, or null for Go's nil *Path (the label selector parser reports key errors without one). */
export type FieldPathOrNil = FieldPath | null;

const pathText = (path: FieldPathOrNil): string => (path === null ? '<nil>' : path.toString());

export function required(path: FieldPathOrNil, detail = ''): FieldError {
  return new FieldError(FieldErrorType.Required, pathText(path), '', detail);
}

export function invalid(path: FieldPathOrNil, value: unknown, detail: string): FieldError {
  return new FieldError(FieldErrorType.Invalid, pathText(path), value, detail);
}

export function notSupported(path: FieldPathOrNil, value: unknown, validValues: readonly string[]): FieldError {
  const detail = validValues.length === 0 ? '' : `supported values: ${validValues.map(quote).join(', ')}`;
  return new FieldError(FieldErrorType.NotSupported, pathText(path), value, detail);
}

export function duplicate(path: FieldPathOrNil, value: unknown): FieldError {
  return new FieldError(FieldErrorType.Duplicate, pathText(path), value, '');
}

export function forbidden(path: FieldPathOrNil, detail: string): FieldError {
  return new FieldError(FieldErrorType.Forbidden, pathText(path), '', detail);
}

export function notFound(path: FieldPathOrNil, value: unknown): FieldError {
  return new FieldError(FieldErrorType.NotFound, pathText(path), value, '');
}

/** Too long, in bytes; the value itself is never echoed back. A negative maximum is left unsaid. */
export function tooLong(path: FieldPathOrNil, maxLength: number): FieldError {
  const detail = maxLength >= 0 ? `may not be more than ${maxLength} ${maxLength === 1 ? 'byte' : 'bytes'}` : 'value is too long';
  return new FieldError(FieldErrorType.TooLong, pathText(path), '<value omitted>', detail);
}

/** Too many items; a negative actual or maximum quantity is left unsaid. */
export function tooMany(path: FieldPathOrNil, actualQuantity: number, maxQuantity: number): FieldError {
  const detail = maxQuantity >= 0 ? `must have at most ${maxQuantity} ${maxQuantity === 1 ? 'item' : 'items'}` : 'has too many items';
  return new FieldError(FieldErrorType.TooMany, pathText(path), actualQuantity >= 0 ? actualQuantity : OMIT_VALUE, detail);
}

export function internalError(path: FieldPathOrNil, error: Error): FieldError {
  return new FieldError(FieldErrorType.Internal, pathText(path), error, error.message);
}

/**
 * The text of an aggregate of errors (utilerrors.Aggregate.Error()): repeated messages once,
 * a single message as is, several as `[a, b]`.
 */
export function aggregateMessage(errors: readonly { toString(): string }[]): string {
  const messages = [...new Set(errors.map(String))];
  return messages.length === 1 ? messages[0] : `[${messages.join(', ')}]`;
}

/** The group and kind an Invalid status names (schema.GroupKind); group '' is the core group. */
export interface GroupKind {
  group: string;
  kind: string;
}

/** `Pod "Foo" is invalid: <errors>`, `Deployment.apps "x" is invalid: [...]` (apierrors.NewInvalid). */
export function invalidMessage(groupKind: GroupKind, name: string, errors: readonly FieldError[]): string {
  const kind = groupKind.group === '' ? groupKind.kind : `${groupKind.kind}.${groupKind.group}`;
  // Go formats an empty list's nil aggregate as "<nil>".
  const aggregate = errors.length === 0 ? '<nil>' : aggregateMessage(errors);
  return `${kind} ${quote(name)} is invalid: ${aggregate}`;
}

/** The `details.causes` of an Invalid status: one cause per error, empty strings omitted as Go's omitempty does. */
export function statusCauses(errors: readonly FieldError[]): StatusCause[] {
  return errors.map((error) => {
    const cause: StatusCause = { reason: error.type, message: error.errorBody() };
    if (error.field !== '') cause.field = error.field;
    return cause;
  });
}

/** Go's %q (strconv.Quote): printable characters as they are, the rest escaped. */
export function quote(text: string): string {
  let out = '"';
  for (const char of text) out += quoteChar(char);
  return `${out}"`;
}

const NAMED_ESCAPES: Record<string, string> = { '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v', '\\': '\\\\', '"': '\\"' };
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

function quoteChar(char: string): string {
  if (NAMED_ESCAPES[char] !== undefined) return NAMED_ESCAPES[char];
  if (PRINTABLE.test(char)) return char;
  const code = char.codePointAt(0) ?? 0;
  if (code < 0x20 || code === 0x7f) return `\\x${code.toString(16).padStart(2, '0')}`;
  // A lone surrogate is what Go sees as invalid UTF-8, which it prints as U+FFFD.
  if (code >= 0xd800 && code <= 0xdfff) return '\\ufffd';
  return code < 0x10000 ? `\\u${code.toString(16).padStart(4, '0')}` : `\\U${code.toString(16).padStart(8, '0')}`;
}

/** A bad value as ErrorBody prints it: numbers and booleans plainly, strings quoted, anything else as Go's JSON. */
function formatValue(value: unknown): string {
  switch (typeof value) {
    case 'number':
    case 'bigint':
    case 'boolean':
      return String(value);
    case 'string':
      return quote(value);
    default:
      return goJson(value);
  }
}

/** JSON as Go's encoding/json writes it: map keys sorted, <, >, & and line separators escaped. */
function goJson(value: unknown): string {
  const text = JSON.stringify(value, (_key, inner: unknown) => sortKeys(inner)) ?? 'null';
  return text.replace(/[<>&\u2028\u2029]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function sortKeys(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries);
}
