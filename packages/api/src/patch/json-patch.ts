/**
 * JSON Patch (RFC 6902) as the apiserver applies it: the semantics and error messages of
 * gopkg.in/evanphx/json-patch.v4 (v4.12.0), including its leniencies (negative indices,
 * `replace` of an absent object key adds it, a missing `value` means null).
 */

/** HTTP status codes the apiserver answers patch failures with. */
export type PatchErrorCode = 400 | 413 | 422 | 500;

const REASONS: Record<PatchErrorCode, string> = {
  400: 'BadRequest',
  413: 'RequestEntityTooLarge',
  422: 'Invalid',
  // A plain error reaches the client as a 500 Status with reason Unknown ("").
  500: '',
};

/** A patch that cannot be applied; `message` is the library's error text. */
export class PatchError extends Error {
  /** metav1.Status reason for `code`. */
  readonly reason: string;

  constructor(
    message: string,
    readonly code: PatchErrorCode,
    /** Status.message the apiserver sends, when it differs from `message`. */
    readonly statusMessage: string = message,
  ) {
    super(message);
    this.name = 'PatchError';
    this.reason = REASONS[code];
  }
}

const MAX_OPERATIONS = 10000;

/** Errors of evanphx/json-patch: a message wrapped around a cause, printed `message: cause` as pkg/errors does. */
const wrap = (message: string, cause: string) => `${message}: ${cause}`;
const MISSING = 'missing value';
const INVALID_INDEX = 'invalid index referenced';
const TEST_FAILED = 'test failed';

class OperationError extends Error {}

const fail = (message: string): never => {
  throw new OperationError(message);
};

type Container = Record<string, unknown> | unknown[];
type Operation = Record<string, unknown>;

/**
 * Applies `patch` (the decoded request body) to `document` and returns the result; the inputs
 * are left untouched. Throws PatchError: 400 for a body that is not a patch, 413 for too many
 * operations, 422 for an operation that does not apply.
 */
export function applyJsonPatch(document: unknown, patch: unknown): unknown {
  const operations = decodePatch(patch);
  if (operations.length > MAX_OPERATIONS) {
    throw new PatchError(
      `The allowed maximum operations in a JSON patch is ${MAX_OPERATIONS}, got ${operations.length}`,
      413,
    );
  }
  const root = { doc: structuredClone(document) };
  for (const operation of operations) {
    try {
      applyOperation(root, operation ?? {});
    } catch (error) {
      if (!(error instanceof OperationError)) throw error;
      // NewGenericServerResponse(422) replaces the library's text with its generic message.
      throw new PatchError(error.message, 422, 'the server rejected our request due to an error in our request');
    }
  }
  return root.doc;
}

function decodePatch(patch: unknown): (Operation | null)[] {
  if (patch === null) return [];
  if (!Array.isArray(patch)) throw new PatchError(unmarshalError(patch, 'jsonpatch.Patch'), 400);
  for (const operation of patch) {
    if (operation !== null && !isObject(operation)) {
      throw new PatchError(unmarshalError(operation, 'jsonpatch.Operation'), 400);
    }
  }
  return patch as (Operation | null)[];
}

function unmarshalError(value: unknown, goType: string): string {
  return `json: cannot unmarshal ${jsonTypeName(value)} into Go value of type ${goType}`;
}

function applyOperation(root: { doc: unknown }, operation: Operation): void {
  const kind = typeof operation.op === 'string' ? operation.op : 'unknown';
  switch (kind) {
    case 'add':
      return add(root.doc, operation);
    case 'remove':
      return remove(root.doc, operation);
    case 'replace':
      return replace(root, operation);
    case 'move':
      return move(root.doc, operation);
    case 'test':
      return test(root.doc, operation);
    case 'copy':
      return copy(root.doc, operation);
    default:
      fail(`Unexpected kind: ${kind}`);
  }
}

/** The `path` or `from` member; throws the cause text evanphx reports when it is absent or not a string. */
function member(operation: Operation, name: 'path' | 'from'): string {
  const value = operation[name];
  if (value === undefined || value === null) {
    throw new OperationError(
      name === 'path' ? wrap('operation missing path field', MISSING) : wrap('operation, missing from field', MISSING),
    );
  }
  if (typeof value !== 'string') {
    throw new OperationError(`json: cannot unmarshal ${jsonTypeName(value)} into Go value of type string`);
  }
  return value;
}

/** Reads a member, rewrapping a failure as `<op> operation failed to decode <name>: <cause>`. */
function decodeMember(operation: Operation, name: 'path' | 'from', op: string, causeIsMissing = false): string {
  try {
    return member(operation, name);
  } catch (error) {
    const cause = causeIsMissing ? MISSING : (error as Error).message;
    return fail(wrap(`${op} operation failed to decode ${name}`, cause));
  }
}

function operationValue(operation: Operation): unknown {
  return structuredClone(operation.value ?? null);
}

function add(doc: unknown, operation: Operation): void {
  const path = decodeMember(operation, 'path', 'add', true);
  const [container, key] = findObject(doc, path);
  if (!container) fail(wrap(`add operation does not apply: doc is missing path: "${path}"`, MISSING));
  attempt(`error in add for path: '${path}'`, () => addTo(container!, key, operationValue(operation)));
}

function remove(doc: unknown, operation: Operation): void {
  const path = decodeMember(operation, 'path', 'remove', true);
  const [container, key] = findObject(doc, path);
  if (!container) fail(wrap(`remove operation does not apply: doc is missing path: "${path}"`, MISSING));
  attempt(`error in remove for path: '${path}'`, () => removeFrom(container!, key));
}

function replace(root: { doc: unknown }, operation: Operation): void {
  const path = decodeMember(operation, 'path', 'replace');
  if (path === '') {
    // Replacing the document with a scalar is silently ignored (the library wraps a nil error).
    const replacement = operationValue(operation);
    if (typeof replacement === 'object' && replacement !== null) root.doc = replacement;
    return;
  }
  const [container, key] = findObject(root.doc, path);
  if (!container) fail(wrap(`replace operation does not apply: doc is missing path: ${path}`, MISSING));
  try {
    getFrom(container!, key);
  } catch {
    fail(wrap(`replace operation does not apply: doc is missing key: ${path}`, MISSING));
  }
  setIn(container!, key, operationValue(operation));
}

function move(doc: unknown, operation: Operation): void {
  const from = decodeMember(operation, 'from', 'move');
  const [source, fromKey] = findObject(doc, from);
  if (!source) fail(wrap(`move operation does not apply: doc is missing from path: ${from}`, MISSING));
  const moved = attempt(`error in move for path: '${fromKey}'`, () => getFrom(source!, fromKey));
  attempt(`error in move for path: '${fromKey}'`, () => removeFrom(source!, fromKey));
  const path = decodeMember(operation, 'path', 'move');
  const [target, key] = findObject(doc, path);
  if (!target) fail(wrap(`move operation does not apply: doc is missing destination path: ${path}`, MISSING));
  attempt(`error in move for path: '${path}'`, () => addTo(target!, key, moved ?? null));
}

function test(doc: unknown, operation: Operation): void {
  const path = decodeMember(operation, 'path', 'test');
  const failed = () => fail(wrap(`testing value ${path} failed`, TEST_FAILED));
  if (path === '') {
    if (!deepEqual(doc, operation.value ?? null)) failed();
    return;
  }
  const [container, key] = findObject(doc, path);
  if (!container) fail(wrap(`test operation does not apply: is missing path: ${path}`, MISSING));
  const actual = attempt(`error in test for path: '${path}'`, () => getFrom(container!, key));
  if (!deepEqual(actual ?? null, operation.value ?? null)) failed();
}

function copy(doc: unknown, operation: Operation): void {
  const from = decodeMember(operation, 'from', 'copy');
  const [source, fromKey] = findObject(doc, from);
  if (!source) fail(wrap(`copy operation does not apply: doc is missing from path: ${from}`, MISSING));
  const copied = attempt(`error in copy for from: '${from}'`, () => getFrom(source!, fromKey));
  const path = decodeMember(operation, 'path', 'copy', true);
  const [target, key] = findObject(doc, path);
  if (!target) fail(wrap(`copy operation does not apply: doc is missing destination path: ${path}`, MISSING));
  attempt('error while adding value during copy', () => addTo(target!, key, structuredClone(copied ?? null)));
}

/** Runs a container operation, wrapping its failure in `context`. */
function attempt<T>(context: string, action: () => T): T {
  try {
    return action();
  } catch (error) {
    return fail(wrap(context, (error as Error).message));
  }
}

/**
 * The container holding the last token of `path`, and that token unescaped. Like evanphx, the
 * first token is skipped unread (so the leading `/` is not checked) and a null value counts as absent.
 */
function findObject(doc: unknown, path: string): [Container | undefined, string] {
  const tokens = path.split('/');
  if (tokens.length < 2 || !isContainer(doc)) return [undefined, ''];
  let container: Container = doc;
  for (const token of tokens.slice(1, -1)) {
    let next: unknown;
    try {
      next = getFrom(container, unescapeToken(token));
    } catch {
      return [undefined, ''];
    }
    if (!isContainer(next)) return [undefined, ''];
    container = next;
  }
  return [container, unescapeToken(tokens[tokens.length - 1])];
}

function unescapeToken(token: string): string {
  return token.replace(/~1|~0/g, (escape) => (escape === '~1' ? '/' : '~'));
}

function getFrom(container: Container, key: string): unknown {
  if (!Array.isArray(container)) return Object.hasOwn(container, key) ? container[key] : undefined;
  return container[existingIndex(container, key)];
}

function setIn(container: Container, key: string, item: unknown): void {
  if (Array.isArray(container)) container[existingIndex(container, key)] = item;
  else container[key] = item;
}

function addTo(container: Container, key: string, item: unknown): void {
  if (!Array.isArray(container)) {
    container[key] = item;
    return;
  }
  if (key === '-') {
    container.push(item);
    return;
  }
  let index: number;
  try {
    index = atoi(key);
  } catch (error) {
    throw new Error(wrap(`value was not a proper array index: '${key}'`, (error as Error).message));
  }
  const size = container.length + 1;
  if (index >= size || index < -size) throw invalidIndex(index);
  container.splice(index < 0 ? index + size : index, 0, item);
}

function removeFrom(container: Container, key: string): void {
  if (Array.isArray(container)) {
    container.splice(existingIndex(container, key), 1);
    return;
  }
  if (!Object.hasOwn(container, key)) throw new Error(wrap(`Unable to remove nonexistent key: ${key}`, MISSING));
  delete container[key];
}

/** An index of an existing element; negative indices count from the end. */
function existingIndex(list: unknown[], key: string): number {
  const index = atoi(key);
  if (index < -list.length) throw invalidIndex(index);
  const resolved = index < 0 ? index + list.length : index;
  if (resolved >= list.length) throw invalidIndex(resolved);
  return resolved;
}

function invalidIndex(index: number): Error {
  return new Error(wrap(`Unable to access invalid index: ${index}`, INVALID_INDEX));
}

/** strconv.Atoi, with its error text. */
function atoi(text: string): number {
  if (!/^[+-]?\d+$/.test(text)) throw new Error(`strconv.Atoi: parsing ${JSON.stringify(text)}: invalid syntax`);
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new Error(`strconv.Atoi: parsing ${JSON.stringify(text)}: value out of range`);
  return n;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isContainer(value: unknown): value is Container {
  return typeof value === 'object' && value !== null;
}

function jsonTypeName(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  return typeof value === 'boolean' ? 'bool' : typeof value;
}

/** Structural equality of decoded JSON values. */
function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  }
  if (!isObject(a) || !isObject(b)) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
}
