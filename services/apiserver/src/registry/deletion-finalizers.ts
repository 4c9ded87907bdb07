import type { ResourceInfo } from '@kubeling/api';
import { invalidMessage, notSupported, invalid, statusCauses, FieldPath, type FieldError } from '@kubeling/api/validation/field-errors';
import { errors } from '../errors.js';
import { isPlainObject } from '../storage/object.js';

/** metav1.DeleteOptions as the registry reads it. */
export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  /** Deprecated: true is propagationPolicy Orphan, false is Foreground (for namespaces) or no orphaning. */
  orphanDependents?: boolean;
  preconditions?: { uid?: string; resourceVersion?: string };
}

/** The finalizers the garbage collector acts on (metav1.FinalizerOrphanDependents, FinalizerDeleteDependents). */
const ORPHAN_FINALIZER = 'orphan';
const FOREGROUND_FINALIZER = 'foregroundDeletion';

/** rest.GarbageCollectionPolicy: what a delete without a policy does to the object's dependents. */
export type GarbageCollectionPolicy = 'DeleteDependents' | 'OrphanDependents';

/**
 * The strategies' DefaultGarbageCollectionPolicy: v1 ReplicationControllers and batch/v1 Jobs
 * orphan their dependents for backward compatibility; everything else (apps/v1 included)
 * leaves them to the garbage collector in the background.
 */
export function defaultGarbageCollectionPolicy(r: Pick<ResourceInfo, 'group' | 'version' | 'resource'>): GarbageCollectionPolicy {
  if (r.group === '' && r.version === 'v1' && r.resource === 'replicationcontrollers') return 'OrphanDependents';
  if (r.group === 'batch' && r.version === 'v1' && r.resource === 'jobs') return 'OrphanDependents';
  return 'DeleteDependents';
}

const POLICIES = ['Foreground', 'Background', 'Orphan'];

/** The JSON types of DeleteOptions' fields: a body that does not decode is a 400, as Go's decoder answers. */
const FIELD_TYPES: ReadonlyArray<[keyof DeleteOptions, string, (v: unknown) => boolean]> = [
  ['gracePeriodSeconds', 'int64', Number.isSafeInteger],
  ['propagationPolicy', 'string', (v) => typeof v === 'string'],
  ['orphanDependents', 'bool', (v) => typeof v === 'boolean'],
  ['preconditions', 'v1.Preconditions', (v) => typeof v === 'object' && v !== null && !Array.isArray(v)],
];

/** Go's name for a JSON value's type in its decoding errors. */
function jsonType(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'object' : typeof value === 'boolean' ? 'bool' : typeof value;
}

/**
 * The options as the registry uses them: fields of the wrong JSON type refused, nulls dropped,
 * then ValidateDeleteOptions (a 422 on DeleteOptions.meta.k8s.io).
 */
export function checkedDeleteOptions(raw: unknown): DeleteOptions {
  if (!isPlainObject(raw)) throw errors.badRequest(`json: cannot unmarshal ${jsonType(raw)} into Go value of type v1.DeleteOptions`);
  const options: DeleteOptions = {};
  for (const [field, type, ok] of FIELD_TYPES) {
    const value = raw[field];
    if (value === undefined || value === null) continue;
    if (!ok(value)) throw errors.badRequest(`json: cannot unmarshal ${jsonType(value)} into Go struct field DeleteOptions.${field} of type ${type}`);
    Object.assign(options, { [field]: value });
  }
  validateDeleteOptions(options);
  return options;
}

function validateDeleteOptions(options: DeleteOptions): void {
  const problems: FieldError[] = [];
  const path = FieldPath.of('propagationPolicy');
  if (options.orphanDependents !== undefined && options.propagationPolicy !== undefined) {
    problems.push(invalid(path, options.propagationPolicy, 'orphanDependents and deletionPropagation cannot be both set'));
  }
  if (options.propagationPolicy !== undefined && !POLICIES.includes(options.propagationPolicy)) {
    problems.push(notSupported(path, options.propagationPolicy, [...POLICIES, 'nil']));
  }
  if (problems.length > 0) {
    const groupKind = { group: 'meta.k8s.io', kind: 'DeleteOptions' };
    throw errors.invalid(groupKind, '', invalidMessage(groupKind, '', problems), statusCauses(problems));
  }
}

/** shouldOrphanDependents: the options first, then a GC finalizer already set, then the default. */
function shouldOrphanDependents(policy: GarbageCollectionPolicy, finalizers: readonly string[], options: DeleteOptions): boolean {
  if (options.orphanDependents !== undefined) return options.orphanDependents;
  if (options.propagationPolicy !== undefined) return options.propagationPolicy === 'Orphan';
  const existing = gcFinalizerOf(finalizers);
  if (existing) return existing === ORPHAN_FINALIZER;
  return policy === 'OrphanDependents';
}

/** shouldDeleteDependents: foreground only when asked for, or already set. */
function shouldDeleteDependents(finalizers: readonly string[], options: DeleteOptions): boolean {
  if (options.orphanDependents !== undefined) return false;
  if (options.propagationPolicy !== undefined) return options.propagationPolicy === 'Foreground';
  return gcFinalizerOf(finalizers) === FOREGROUND_FINALIZER;
}

/** The first GC finalizer: validation keeps both from being set together. */
function gcFinalizerOf(finalizers: readonly string[]): string | undefined {
  return finalizers.find((f) => f === ORPHAN_FINALIZER || f === FOREGROUND_FINALIZER);
}

export interface FinalizersChange {
  changed: boolean;
  finalizers: string[];
}

/**
 * deletionFinalizersForGarbageCollection: the object's finalizers with the GC finalizers the
 * delete asks for, and whether that changed the set.
 */
export function deletionFinalizersForGarbageCollection(policy: GarbageCollectionPolicy, finalizers: readonly string[], options: DeleteOptions): FinalizersChange {
  return withGcFinalizers(finalizers, shouldOrphanDependents(policy, finalizers, options), shouldDeleteDependents(finalizers, options));
}

/**
 * The namespace registry's own rule (shouldHaveOrphanFinalizer / shouldHaveDeleteDependentsFinalizer):
 * the options set or clear each GC finalizer (orphanDependents: false asks for foreground);
 * without options the namespace keeps what it has.
 */
export function namespaceDeletionFinalizers(finalizers: readonly string[], options: DeleteOptions): FinalizersChange {
  const asked = (orphan: boolean) => (options.orphanDependents === undefined ? undefined : options.orphanDependents === orphan);
  const byPolicy = (policy: DeleteOptions['propagationPolicy']) => (options.propagationPolicy === undefined ? undefined : options.propagationPolicy === policy);
  const orphan = asked(true) ?? byPolicy('Orphan') ?? finalizers.includes(ORPHAN_FINALIZER);
  const foreground = asked(false) ?? byPolicy('Foreground') ?? finalizers.includes(FOREGROUND_FINALIZER);
  return withGcFinalizers(finalizers, orphan, foreground);
}

/** The finalizers without GC ones, then those wanted; unchanged (order kept) when the set is the same. */
function withGcFinalizers(finalizers: readonly string[], orphan: boolean, foreground: boolean): FinalizersChange {
  const next = finalizers.filter((f) => f !== ORPHAN_FINALIZER && f !== FOREGROUND_FINALIZER);
  if (orphan) next.push(ORPHAN_FINALIZER);
  if (foreground) next.push(FOREGROUND_FINALIZER);
  const same = new Set(next).size === new Set(finalizers).size && next.every((f) => finalizers.includes(f));
  return same ? { changed: false, finalizers: [...finalizers] } : { changed: true, finalizers: next };
}
