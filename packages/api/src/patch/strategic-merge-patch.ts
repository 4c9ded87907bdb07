/**
 * Strategic merge patch as the apiserver applies it: a port of
 * k8s.io/apimachinery/pkg/util/strategicpatch StrategicMergeMapPatch (mergeMap, mergeSlice,
 * mergePatchIntoOriginal and their ordering rules), with its error messages.
 */
import { PatchError } from './json-patch.js';
import { fieldPatchMeta, type FieldPatchMeta, type PatchSchema } from './patch-meta.js';

type JsonMap = Record<string, unknown>;

const DIRECTIVE_MARKER = '$patch';
const RETAIN_KEYS = '$retainKeys';
const DELETE_FROM_PRIMITIVE_LIST = '$deleteFromPrimitiveList';
const SET_ELEMENT_ORDER = '$setElementOrder';

// mergepatch's sentinel errors; the apiserver answers 400 or 422 for these, 500 for the rest.
const badRequest = (message: string) => new PatchError(message, 400);
const errBadPatchFormatForPrimitiveList = () => badRequest('invalid patch format of primitive list');
const errBadPatchFormatForRetainKeys = () => badRequest('invalid patch format of retainKeys');
const errBadPatchFormatForSetElementOrderList = () => badRequest('invalid patch format of setElementOrder list');
const errNoListOfLists = () => new PatchError('lists of lists are not supported', 422);
const internal = (message: string) => new PatchError(message, 500);
const errNoMergeKey = (m: unknown, key: string) =>
  internal(`map: ${goFormat(m)} does not contain declared merge key: ${key}`);
const errBadArgType = (expected: string, actual: unknown) =>
  internal(`expected a ${expected}, but received a ${goTypeName(actual)}`);
const errBadPatchType = (directive: unknown, m: JsonMap) =>
  internal(`unknown patch type: ${goString(directive)} in map: ${goFormat(m)}`);

const GO_MAP = 'map[string]interface {}';
const GO_SLICE = '[]interface {}';

/**
 * Applies a strategic merge patch to `original` (an object of the kind `schema` describes) and
 * returns the result; the inputs are left untouched. Throws PatchError.
 */
export function strategicMergePatch(original: JsonMap, patch: unknown, schema: PatchSchema): JsonMap {
  if (patch === null) return structuredClone(original);
  if (!isMap(patch)) {
    throw badRequest(`json: cannot unmarshal ${goJsonKind(patch)} into Go value of type ${GO_MAP}`);
  }
  const merged = mergeMap(structuredClone(original), structuredClone(patch), schema);
  return stripDirectiveKeys(merged) as JsonMap;
}

function mergeMap(original: JsonMap, patch: JsonMap, schema: PatchSchema | undefined): JsonMap {
  if (Object.hasOwn(patch, DIRECTIVE_MARKER)) return applyMapDirective(patch[DIRECTIVE_MARKER], patch);
  applyRetainKeysDirective(original, patch);
  mergeOrderedLists(original, patch, schema);
  for (const patchKey of Object.keys(patch)) {
    const patchValue = patch[patchKey];
    const isDeleteList = patchKey.startsWith(DELETE_FROM_PRIMITIVE_LIST);
    const key = (isDeleteList && extractKey(patchKey, DELETE_FROM_PRIMITIVE_LIST)) || patchKey;
    if (patchValue === null) {
      delete original[key];
      continue;
    }
    if (!Object.hasOwn(original, key) || jsonKind(original[key]) !== jsonKind(patchValue)) {
      if (!isDeleteList) setCleaned(original, key, patchValue);
      continue;
    }
    original[key] = mergeValue(original[key], patchValue, fieldPatchMeta(schema, key), isDeleteList);
  }
  return original;
}

function mergeValue(original: unknown, patch: unknown, meta: FieldPatchMeta, isDeleteList: boolean): unknown {
  if (isMap(original) && isMap(patch)) {
    return meta.strategy === 'replace' ? patch : mergeMap(original, patch, meta.schema);
  }
  if (Array.isArray(original) && Array.isArray(patch)) {
    return meta.strategy === 'merge' || isDeleteList ? mergeSlice(original, patch, meta, isDeleteList) : patch;
  }
  return patch;
}

/** A value the original lacks (or has with another type) is taken from the patch, without nulls and directives. */
function setCleaned(original: JsonMap, key: string, patchValue: unknown): void {
  discardNulls(patchValue);
  const [value, keep] = removeDirectives(patchValue);
  if (keep) original[key] = value;
  else delete original[key];
}

function applyMapDirective(directive: unknown, patch: JsonMap): JsonMap {
  if (directive === 'replace') {
    delete patch[DIRECTIVE_MARKER];
    return patch;
  }
  if (directive === 'delete') return {};
  throw errBadPatchType(directive, patch);
}

function applyRetainKeysDirective(original: JsonMap, patch: JsonMap): void {
  if (!Object.hasOwn(patch, RETAIN_KEYS)) return;
  const retainKeys = patch[RETAIN_KEYS];
  delete patch[RETAIN_KEYS];
  if (!Array.isArray(retainKeys)) throw errBadPatchFormatForRetainKeys();
  const retained = new Set(retainKeys);
  for (const [key, value] of Object.entries(patch)) {
    if (value === null || key.startsWith(DELETE_FROM_PRIMITIVE_LIST) || key.startsWith(SET_ELEMENT_ORDER)) continue;
    if (!retained.has(key)) throw errBadPatchFormatForRetainKeys();
  }
  for (const key of Object.keys(original)) if (!retained.has(key)) delete original[key];
}

/** Merges every list that has a `$setElementOrder/<list>` directive and puts it in that order. */
function mergeOrderedLists(original: JsonMap, patch: JsonMap, schema: PatchSchema | undefined): void {
  for (const directiveKey of Object.keys(patch)) {
    if (!directiveKey.startsWith(SET_ELEMENT_ORDER)) continue;
    const order = patch[directiveKey];
    delete patch[directiveKey];
    if (!Array.isArray(order)) throw errBadArgType(GO_SLICE, order);
    const key = extractKey(directiveKey, SET_ELEMENT_ORDER);
    const foundOriginal = Object.hasOwn(original, key);
    const foundPatch = Object.hasOwn(patch, key);
    const originalList = foundOriginal ? asList(original[key]) : [];
    const patchList = foundPatch ? asList(patch[key]) : [];
    const meta = fieldPatchMeta(schema, key);
    const mergeKey = meta.mergeKey ?? '';
    validatePatchWithSetOrderList(patchList, order, mergeKey);
    if (!foundOriginal && !foundPatch) continue;
    const serverOrder = [...originalList];
    let merged: unknown[];
    if (!foundPatch) merged = originalList;
    else if (!foundOriginal) merged = removeDirectives(patchList)[0] as unknown[];
    else merged = mergeValue(originalList, patchList, meta, false) as unknown[];
    const { patchItems, serverOnly } = partition(merged, order, mergeKey);
    const kind = elementKind(originalList, patchList);
    original[key] = normalizeElementOrder(patchItems, serverOnly, order, serverOrder, mergeKey, kind);
    delete patch[key];
  }
}

function asList(value: unknown): unknown[] {
  if (!Array.isArray(value)) throw errBadArgType(GO_SLICE, value);
  return value;
}

function extractKey(key: string, prefix: string): string {
  const slash = key.indexOf('/');
  if (slash < 0 || key.slice(0, slash) !== prefix) {
    throw prefix === SET_ELEMENT_ORDER ? errBadPatchFormatForSetElementOrderList() : errBadPatchFormatForPrimitiveList();
  }
  return key.slice(slash + 1);
}

/** The patch list's items (deletions aside) must appear in the `$setElementOrder` list, in the same relative order. */
function validatePatchWithSetOrderList(patchList: unknown[], order: unknown[], mergeKey: string): void {
  if (order.length === 0 || patchList.length === 0) return;
  const items = mergeKey ? splitDeletions(patchList).kept : patchList;
  let p = 0;
  let o = 0;
  while (p < items.length && o < order.length) {
    if (isMap(items[p]) && Object.hasOwn(items[p] as JsonMap, DIRECTIVE_MARKER)) {
      p++;
      continue;
    }
    if (mergeKeyValueEqual(items[p], order[o], mergeKey)) p++;
    o++;
  }
  if (p < items.length && o >= order.length) {
    throw internal(
      `The order in patch list:\n${goFormat(patchList)}\n doesn't match ${SET_ELEMENT_ORDER} list:\n${goFormat(order)}\n`,
    );
  }
}

function mergeKeyValueEqual(left: unknown, right: unknown, mergeKey: string): boolean {
  if (!mergeKey) return left === right;
  return mergeKeyValue(left, mergeKey) === mergeKeyValue(right, mergeKey);
}

function mergeKeyValue(item: unknown, mergeKey: string): unknown {
  if (!isMap(item)) throw errBadArgType(GO_MAP, item);
  if (!Object.hasOwn(item, mergeKey)) throw errNoMergeKey(item, mergeKey);
  return item[mergeKey];
}

function splitDeletions(list: unknown[]): { kept: unknown[]; deleted: unknown[] } {
  const kept: unknown[] = [];
  const deleted: unknown[] = [];
  for (const item of list) {
    if (!isMap(item)) throw errBadArgType(GO_MAP, item);
    (item[DIRECTIVE_MARKER] === 'delete' ? deleted : kept).push(item);
  }
  return { kept, deleted };
}

function mergeSlice(original: unknown[], patch: unknown[], meta: FieldPatchMeta, isDeleteList: boolean): unknown[] {
  if (original.length === 0 && patch.length === 0) return original;
  const kind = elementKind(original, patch);
  const mergeKey = meta.mergeKey ?? '';
  let serverOrder = original;
  let patchItems = patch;
  let merged: unknown[];
  if (kind !== 'map') {
    if (isDeleteList) return deleteFromSlice(original, patch);
    merged = deduplicateScalars([...original, ...patch]);
  } else {
    if (!mergeKey) throw internal('cannot merge lists without merge key for struct');
    [serverOrder, patchItems] = applyListDirectives(original, patch, mergeKey);
    merged = mergeItemsByKey([...serverOrder], patchItems, mergeKey, meta.schema);
  }
  const parts = partition(merged, patchItems, mergeKey);
  return normalizeElementOrder(parts.patchItems, parts.serverOnly, patchItems, serverOrder, mergeKey, kind);
}

/** Handles `$patch: delete|replace` items; returns the remaining original and patch items. */
function applyListDirectives(original: unknown[], patch: unknown[], mergeKey: string): [unknown[], unknown[]] {
  const plain: unknown[] = [];
  let replace = false;
  for (const item of patch as JsonMap[]) {
    if (!Object.hasOwn(item, DIRECTIVE_MARKER)) {
      plain.push(item);
      continue;
    }
    const directive = item[DIRECTIVE_MARKER];
    if (directive === 'delete') {
      if (!Object.hasOwn(item, mergeKey)) throw errNoMergeKey(item, mergeKey);
      original = deleteMatchingEntries(original, mergeKey, item[mergeKey]);
    } else if (directive === 'replace') {
      replace = true;
    } else if (directive === 'merge') {
      throw internal('merging lists cannot yet be specified in the patch');
    } else {
      throw errBadPatchType(directive, item);
    }
  }
  return replace ? [plain, []] : [original, plain];
}

function deleteMatchingEntries(list: unknown[], mergeKey: string, value: unknown): unknown[] {
  let remaining = list;
  for (let at = findByKey(remaining, mergeKey, value); at >= 0; at = findByKey(remaining, mergeKey, value)) {
    remaining = remaining.filter((_, i) => i !== at);
  }
  return remaining;
}

function findByKey(list: unknown[], mergeKey: string, value: unknown): number {
  for (let i = 0; i < list.length; i++) {
    const entry = list[i];
    if (!isMap(entry)) throw internal(`value for key ${i} is not a map`);
    if (Object.hasOwn(entry, mergeKey) && entry[mergeKey] === value) return i;
  }
  return -1;
}

function mergeItemsByKey(original: unknown[], patch: unknown[], mergeKey: string, schema?: PatchSchema): unknown[] {
  for (const item of patch as JsonMap[]) {
    if (!Object.hasOwn(item, mergeKey)) throw errNoMergeKey(item, mergeKey);
    const at = findByKey(original, mergeKey, item[mergeKey]);
    if (at >= 0) original[at] = mergeMap(original[at] as JsonMap, item, schema);
    else original.push(item);
  }
  return original;
}

function deleteFromSlice(current: unknown[], toDelete: unknown[]): unknown[] {
  const deleted = new Set(toDelete);
  return current.filter((value) => !deleted.has(value));
}

/** mergepatch's in-place deduplication: a duplicate is overwritten by the last item, which reorders the list. */
function deduplicateScalars(list: unknown[]): unknown[] {
  let last = list.length - 1;
  for (let i = 0; i < last; i++) {
    for (let j = i + 1; j <= last; j++) {
      if (list[i] === list[j]) {
        list[j] = list[last];
        list.length = last;
        last--;
        j--;
      }
    }
  }
  return list;
}

/** Splits `items` into those present in `by` (patch items) and the rest (server-only items). */
function partition(items: unknown[], by: unknown[], mergeKey: string): { patchItems: unknown[]; serverOnly: unknown[] } {
  const patchItems: unknown[] = [];
  const serverOnly: unknown[] = [];
  const inPatch = mergeKey
    ? (item: unknown) => findByKey(by, mergeKey, mergeKeyValue(item, mergeKey)) >= 0
    : (item: unknown) => by.includes(item);
  for (const item of items) (inPatch(item) ? patchItems : serverOnly).push(item);
  return { patchItems, serverOnly };
}

type ElementKind = 'map' | 'other';

/** All items of the lists must share one JSON type, and not be lists. */
function elementKind(...lists: unknown[][]): ElementKind {
  let first: string | undefined;
  for (const list of lists) {
    for (const item of list) {
      const kind = jsonKind(item);
      if (first === undefined) {
        if (kind === 'array') throw errNoListOfLists();
        first = kind;
      } else if (kind !== first) {
        throw internal(`list element types are not identical: ${goFormat(lists)}`);
      }
    }
  }
  if (first === undefined) throw internal('no elements in any of the given slices');
  return first === 'object' ? 'map' : 'other';
}

/**
 * Orders patch items by `patchOrder` and server-only items by `serverOrder`, then interleaves
 * them: a server-only item goes before the first patch item it precedes on the server.
 */
function normalizeElementOrder(
  patchItems: unknown[],
  serverOnly: unknown[],
  patchOrder: unknown[],
  serverOrder: unknown[],
  mergeKey: string,
  kind: ElementKind,
): unknown[] {
  const sortedPatch = normalizeSliceOrder(patchItems, patchOrder, mergeKey, kind);
  const sortedServer = normalizeSliceOrder(serverOnly, serverOrder, mergeKey, kind);
  return mergeSortedSlice(sortedServer, sortedPatch, serverOrder, mergeKey, kind);
}

function normalizeSliceOrder(toSort: unknown[], order: unknown[], mergeKey: string, kind: ElementKind): unknown[] {
  let items = toSort;
  let deleted: unknown[] = [];
  if (kind === 'map') {
    for (const item of [...toSort, ...order]) mergeKeyValue(item, mergeKey);
    ({ kept: items, deleted } = splitDeletions(toSort));
  }
  const less = (a: unknown, b: unknown) => {
    const ia = indexOf(order, a, mergeKey, kind);
    const ib = indexOf(order, b, mergeKey, kind);
    return ia >= 0 && ib >= 0 ? ia < ib : true;
  };
  return [...insertionSort(items, less), ...deleted];
}

/** Go's sort.SliceStable on short lists; mergepatch's `less` is not a strict order, so the algorithm matters. */
function insertionSort(list: unknown[], less: (a: unknown, b: unknown) => boolean): unknown[] {
  const sorted = [...list];
  for (let i = 1; i < sorted.length; i++) {
    for (let j = i; j > 0 && less(sorted[j], sorted[j - 1]); j--) {
      [sorted[j], sorted[j - 1]] = [sorted[j - 1], sorted[j]];
    }
  }
  return sorted;
}

function mergeSortedSlice(
  left: unknown[],
  right: unknown[],
  serverOrder: unknown[],
  mergeKey: string,
  kind: ElementKind,
): unknown[] {
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (j >= right.length) out.push(left[i++]);
    else if (i >= left.length) out.push(right[j++]);
    else {
      const li = indexOf(serverOrder, left[i], mergeKey, kind);
      const ri = indexOf(serverOrder, right[j], mergeKey, kind);
      out.push(li >= 0 && ri >= 0 && li < ri ? left[i++] : right[j++]);
    }
  }
  return out;
}

function indexOf(list: unknown[], item: unknown, mergeKey: string, kind: ElementKind): number {
  const valueOf = (v: unknown) => (kind === 'map' ? (isMap(v) ? v[mergeKey] : undefined) : v);
  const wanted = valueOf(item);
  return list.findIndex((v) => valueOf(v) === wanted);
}

function discardNulls(value: unknown): void {
  if (Array.isArray(value)) {
    for (const item of value) discardNulls(item);
  } else if (isMap(value)) {
    for (const [key, item] of Object.entries(value)) {
      if (item === null) delete value[key];
      else discardNulls(item);
    }
  }
}

/** Drops maps carrying `$patch` (and list items that are such maps); the boolean says whether to keep the value. */
function removeDirectives(value: unknown): [unknown, boolean] {
  if (Array.isArray(value)) {
    const kept: unknown[] = [];
    for (const item of value) {
      const [cleaned, keep] = removeDirectives(item);
      if (keep) kept.push(cleaned);
    }
    return [kept, true];
  }
  if (!isMap(value)) return [value, true];
  if (Object.hasOwn(value, DIRECTIVE_MARKER)) return [undefined, false];
  for (const [key, item] of Object.entries(value)) {
    const [cleaned, keep] = removeDirectives(item);
    if (keep) value[key] = cleaned;
    else delete value[key];
  }
  return [value, true];
}

const isDirectiveKey = (key: string) =>
  key === DIRECTIVE_MARKER ||
  key === RETAIN_KEYS ||
  key.startsWith(`${SET_ELEMENT_ORDER}/`) ||
  key.startsWith(`${DELETE_FROM_PRIMITIVE_LIST}/`);

/**
 * Directive keys left inside values copied from the patch. The apiserver decodes the result into
 * its typed object, which drops them; we store JSON, so drop them here.
 */
function stripDirectiveKeys(value: unknown): unknown {
  if (Array.isArray(value)) value.forEach(stripDirectiveKeys);
  else if (isMap(value)) {
    for (const [key, item] of Object.entries(value)) {
      if (isDirectiveKey(key)) delete value[key];
      else stripDirectiveKeys(item);
    }
  }
  return value;
}

function isMap(value: unknown): value is JsonMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function jsonKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** The name encoding/json uses for a JSON value's type in unmarshal errors. */
function goJsonKind(value: unknown): string {
  const kind = jsonKind(value);
  return kind === 'boolean' ? 'bool' : kind;
}

/** reflect.TypeOf(v) printed with %s, for the values k8s.io/apimachinery/pkg/util/json decodes. */
function goTypeName(value: unknown): string {
  if (value === null || value === undefined) return '%!s(<nil>)';
  if (Array.isArray(value)) return GO_SLICE;
  if (typeof value === 'number') return Number.isInteger(value) ? 'int64' : 'float64';
  if (typeof value === 'boolean') return 'bool';
  return typeof value === 'string' ? 'string' : GO_MAP;
}

/** fmt's %s of an interface{} value. */
function goString(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null) return '%!s(<nil>)';
  return `%!s(${goTypeName(value)}=${goFormat(value)})`;
}

/** fmt's %v of a decoded JSON value: `map[k:v ...]` with sorted keys, `[a b]`, `<nil>`. */
export function goFormat(value: unknown): string {
  if (value === null || value === undefined) return '<nil>';
  if (Array.isArray(value)) return `[${value.map(goFormat).join(' ')}]`;
  if (isMap(value)) {
    const entries = Object.keys(value)
      .sort()
      .map((key) => `${key}:${goFormat(value[key])}`);
    return `map[${entries.join(' ')}]`;
  }
  if (typeof value === 'number') return goNumber(value);
  return String(value);
}

/** %v of an int64 (whole numbers decode as int64), or of a float64 (shortest %g: exponent below 1e-4 and from 1e6). */
function goNumber(n: number): string {
  if (Number.isInteger(n)) return String(n);
  const abs = Math.abs(n);
  if (abs < 1e-4 || abs >= 1e6) {
    return n.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
  }
  return String(n);
}
