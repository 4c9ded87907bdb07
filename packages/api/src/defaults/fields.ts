// Helpers to default untyped JSON objects with Go's notion of "unset": the defaulters upstream
// test a pointer for nil, a string or number for its zero value, and a map or slice for len 0.

/** A JSON object as decoded from a request body. */
export type Obj = Record<string, unknown>;

export function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** obj[key] when it is an object. */
export function optional(obj: Obj | undefined, key: string): Obj | undefined {
  const value = obj?.[key];
  return isObj(value) ? value : undefined;
}

/** obj[key], created empty when absent: a Go struct field (not a pointer) always exists. */
export function child(obj: Obj, key: string): Obj {
  const value = obj[key];
  if (isObj(value)) return value;
  const created: Obj = {};
  obj[key] = created;
  return created;
}

/** The object elements of the array at obj[key]. */
export function items(obj: Obj | undefined, key: string): Obj[] {
  const value = obj?.[key];
  return Array.isArray(value) ? value.filter(isObj) : [];
}

/** Sets a pointer field the client left nil. */
export function defaultNil(obj: Obj, key: string, value: unknown): void {
  if (obj[key] === undefined || obj[key] === null) obj[key] = value;
}

/** Sets a string or number field the client left at its zero value ('' or 0). */
export function defaultZero(obj: Obj, key: string, value: string | number): void {
  const current = obj[key];
  if (current === undefined || current === null || current === '' || current === 0) obj[key] = value;
}

/** True for what Go's len() calls empty: nil, '', [] and {}. */
export function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  return isObj(value) && Object.keys(value).length === 0;
}

/** Sets a map or slice field the client left empty. */
export function defaultEmpty(obj: Obj, key: string, value: unknown): void {
  if (isEmpty(obj[key])) obj[key] = value;
}
