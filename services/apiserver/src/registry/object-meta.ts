import { randomInt, randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { groupVersion, type ResourceInfo } from '@kubeling/api';
import { rfc3339 } from '@kubeling/api/meta-time';
import { errors } from '../errors.js';
import type { KubeObject } from '../storage/object.js';

/** RFC 3339 to the second, as metav1.Time marshals. */
export function now(): string {
  return rfc3339(new Date());
}

// The alphabet and length of names.SimpleNameGenerator (no vowels, no confusable digits).
const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

export function generateName(base: string): string {
  const trimmed = base.length > 58 ? base.slice(0, 58) : base;
  let suffix = '';
  for (let i = 0; i < 5; i++) suffix += ALPHANUMS[randomInt(ALPHANUMS.length)];
  return trimmed + suffix;
}

/** Checks apiVersion and kind of a request body against the resource it was sent to. */
export function checkKind(r: ResourceInfo, obj: KubeObject): void {
  const gv = groupVersion(r);
  if (obj.kind !== undefined && obj.kind !== r.kind) {
    throw errors.badRequest(`${obj.kind} in version "${r.version}" cannot be handled as a ${r.kind}: the kind in the data (${obj.kind}) does not match the expected kind (${r.kind})`);
  }
  if (obj.apiVersion !== undefined && obj.apiVersion !== gv) {
    throw errors.badRequest(`the API version in the data (${obj.apiVersion}) does not match the expected API version (${gv})`);
  }
}

/** What the server owns in a new object's metadata (PrepareForCreate plus FillObjectMetaSystemFields). */
export function prepareForCreate(r: ResourceInfo, obj: KubeObject, namespace: string | undefined): KubeObject {
  const meta = { ...(obj.metadata ?? {}) };
  if (r.namespaced) {
    if (meta.namespace && namespace && meta.namespace !== namespace) {
      throw errors.badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    meta.namespace = namespace ?? meta.namespace;
  } else {
    delete meta.namespace;
  }
  if (!meta.name && meta.generateName) meta.name = generateName(meta.generateName);
  meta.uid = randomUUID();
  meta.creationTimestamp = now();
  meta.generation = 1;
  delete meta.resourceVersion;
  delete meta.deletionTimestamp;
  delete meta.deletionGracePeriodSeconds;
  delete meta.managedFields;
  return { ...obj, apiVersion: groupVersion(r), kind: r.kind, metadata: meta };
}

/**
 * An update as Kubernetes applies it: identity fields kept from the stored object; the
 * status subresource changes only status, the main resource everything but status; the
 * generation moves when anything but metadata and status changed.
 */
export function prepareForUpdate(r: ResourceInfo, old: KubeObject, updated: KubeObject, subresource: string | undefined): KubeObject {
  const name = old.metadata?.name;
  if (updated.metadata?.name !== undefined && updated.metadata.name !== name) {
    throw errors.badRequest(`the name of the object (${updated.metadata.name}) does not match the name on the URL (${name})`);
  }
  // A uid in the body is a precondition: a patch naming the object it read fails on a namesake that replaced it.
  const uid = updated.metadata?.uid;
  if (uid && uid !== old.metadata?.uid) {
    throw errors.invalid(r, name ?? '', `${r.kind} "${name}" is invalid: metadata.uid: Invalid value: "${uid}": field is immutable`, [{ reason: 'FieldValueInvalid', message: `Invalid value: "${uid}": field is immutable`, field: 'metadata.uid' }]);
  }
  const hasStatus = r.subresources.some((s) => s.name === 'status');
  let next: KubeObject;
  if (subresource === 'status') next = { ...old, status: updated.status };
  // A binding is the apiserver's own write of spec.nodeName and the PodScheduled condition.
  else if (hasStatus && subresource !== 'binding') next = { ...updated, status: old.status };
  else next = { ...updated };
  if (next.status === undefined) delete next.status;
  const meta = subresource === 'status' ? { ...old.metadata } : { ...updated.metadata };
  meta.name = name;
  meta.namespace = old.metadata?.namespace;
  meta.uid = old.metadata?.uid;
  meta.creationTimestamp = old.metadata?.creationTimestamp;
  meta.deletionTimestamp = old.metadata?.deletionTimestamp;
  meta.deletionGracePeriodSeconds = old.metadata?.deletionGracePeriodSeconds;
  if (meta.deletionTimestamp === undefined) delete meta.deletionTimestamp;
  if (meta.deletionGracePeriodSeconds === undefined) delete meta.deletionGracePeriodSeconds;
  meta.generation = (old.metadata?.generation ?? 1) + (specChanged(old, next) ? 1 : 0);
  delete meta.managedFields;
  return { ...next, apiVersion: groupVersion(r), kind: r.kind, metadata: meta };
}

function specChanged(old: KubeObject, next: KubeObject): boolean {
  const strip = ({ metadata: _m, status: _s, ...rest }: KubeObject) => rest;
  return !isDeepStrictEqual(strip(old), strip(next));
}
