import type { ResourceInfo } from '@kubeling/api';
import type { Logger } from 'pino';
import { errors } from '../errors.js';
import type { KubeObject } from '../storage/object.js';
import { WriteConflict, type ListOptions, type ListResult, type ObjectStore } from '../storage/object-store.js';
import { WatchCache, type Watcher } from '../storage/watch-cache.js';
import { listPrefix, objectKey } from './keys.js';
import { checkKind, now, prepareForCreate, prepareForUpdate } from './object-meta.js';

export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  preconditions?: { uid?: string; resourceVersion?: string };
}

/** Checks and defaults an object before it is stored (per-resource strategy). */
export type Admit = (r: ResourceInfo, obj: KubeObject, old: KubeObject | undefined) => void | Promise<void>;

/** What a resource does around its writes beyond storing them (the strategy's allocation hooks). */
export interface StorageHooks {
  /** Claims what a new object needs (a Service's IPs and ports), filling them in. */
  beforeCreate?(obj: KubeObject): Promise<void>;
  /** Gives back what beforeCreate claimed, or what a deleted object held. */
  release?(obj: KubeObject): Promise<void>;
}

/** How many times an update that lost a race is retried before the client sees a conflict. */
const UPDATE_RETRIES = 5;

/**
 * The storage of one resource (Kubernetes' registry/generic Store): create, get, list,
 * update (whole or status), delete with finalizers and graceful deletion, and watch
 * through the resource's watch cache.
 */
export class RestStorage {
  readonly cache: WatchCache;

  constructor(
    readonly resource: ResourceInfo,
    private readonly store: ObjectStore,
    private readonly admit: Admit,
    log: Logger,
    private readonly hooks: StorageHooks = {},
  ) {
    this.cache = new WatchCache(store, listPrefix(resource), log);
  }

  async get(namespace: string | undefined, name: string): Promise<KubeObject> {
    const obj = await this.store.get(objectKey(this.resource, namespace, name));
    if (!obj) throw errors.notFound(this.resource, name);
    return obj;
  }

  list(namespace: string | undefined, options: ListOptions): Promise<ListResult> {
    return this.store.list(listPrefix(this.resource, namespace), options);
  }

  async create(namespace: string | undefined, body: KubeObject, dryRun = false): Promise<KubeObject> {
    checkKind(this.resource, body);
    const obj = prepareForCreate(this.resource, body, namespace);
    await this.admit(this.resource, obj, undefined);
    const name = obj.metadata!.name!;
    if (dryRun) {
      if (await this.store.get(objectKey(this.resource, obj.metadata!.namespace, name))) throw errors.alreadyExists(this.resource, name);
      return obj;
    }
    // An existing object is refused before anything is claimed for the new one.
    if (this.hooks.beforeCreate && (await this.store.get(objectKey(this.resource, obj.metadata!.namespace, name)))) throw errors.alreadyExists(this.resource, name);
    await this.hooks.beforeCreate?.(obj);
    try {
      return await this.store.create(objectKey(this.resource, obj.metadata!.namespace, name), obj);
    } catch (err) {
      await this.hooks.release?.(obj);
      if (err instanceof WriteConflict) throw errors.alreadyExists(this.resource, name);
      throw err;
    }
  }

  /**
   * Read-modify-write: `change` gets the stored object and returns the new one. With a
   * resourceVersion in the new object the write is conditional on it (409 if stale);
   * without one a lost race is retried on the fresh object. The first try starts from the
   * watch cache's copy, as Kubernetes' GuaranteedUpdate does: the write is compare-and-swap,
   * so a stale copy only costs a retry, and any verdict it led to is checked against the store.
   */
  async update(namespace: string | undefined, name: string, subresource: string | undefined, change: (current: KubeObject) => KubeObject | Promise<KubeObject>, dryRun = false): Promise<KubeObject> {
    const key = objectKey(this.resource, namespace, name);
    for (let attempt = 0; ; attempt++) {
      const cached = attempt === 0 && !dryRun ? this.cache.get(namespace, name) : undefined;
      const current = cached ?? (await this.get(namespace, name));
      let next: KubeObject;
      let precondition: string | undefined;
      try {
        const wanted = await change(current);
        checkKind(this.resource, wanted);
        precondition = wanted.metadata?.resourceVersion;
        if (precondition && precondition !== current.metadata?.resourceVersion) throw errors.conflict(this.resource, name);
        next = prepareForUpdate(this.resource, current, wanted, subresource);
        // A binding is checked by bind() itself: pod update validation forbids the nodeName it sets.
        if (subresource !== 'binding') await this.admit(this.resource, next, current);
      } catch (err) {
        // A refusal based on the cache's copy is only believed once the store's copy says the same.
        if (cached) continue;
        throw err;
      }
      if (dryRun) return { ...next, metadata: { ...next.metadata, resourceVersion: current.metadata?.resourceVersion } };
      try {
        const stored = await this.store.update(key, next, BigInt(current.metadata!.resourceVersion!));
        return await this.finishIfReleased(key, stored);
      } catch (err) {
        if (!(err instanceof WriteConflict)) throw err;
        if (cached && err.failure === 'missing') continue;
        if (err.failure === 'missing') throw errors.notFound(this.resource, name);
        if (precondition || attempt >= UPDATE_RETRIES) throw errors.conflict(this.resource, name);
      }
    }
  }

  /**
   * Deletes as Kubernetes does: an object with finalizers, or a pod already bound to a node
   * given a grace period, only gets a deletionTimestamp; the rest go at once.
   */
  async delete(namespace: string | undefined, name: string, options: DeleteOptions = {}, dryRun = false): Promise<{ object: KubeObject; deleted: boolean }> {
    const key = objectKey(this.resource, namespace, name);
    for (let attempt = 0; ; attempt++) {
      const current = await this.get(namespace, name);
      checkPreconditions(this.resource, current, options);
      const graceful = this.gracefulSeconds(current, options);
      const finalizers = current.metadata?.finalizers ?? [];
      if (dryRun) return { object: current, deleted: finalizers.length === 0 && graceful === 0 };
      try {
        if (finalizers.length > 0 || graceful > 0) {
          if (current.metadata?.deletionTimestamp) return { object: current, deleted: false };
          const marked: KubeObject = { ...current, metadata: { ...current.metadata, deletionTimestamp: now(), deletionGracePeriodSeconds: graceful } };
          if (this.resource.resource === 'namespaces') marked.status = { ...(current.status as object), phase: 'Terminating' };
          const stored = await this.store.update(key, marked, BigInt(current.metadata!.resourceVersion!));
          return { object: stored, deleted: false };
        }
        const { object } = await this.store.delete(key, BigInt(current.metadata!.resourceVersion!));
        await this.hooks.release?.(object);
        return { object, deleted: true };
      } catch (err) {
        if (!(err instanceof WriteConflict)) throw err;
        if (err.failure === 'missing') throw errors.notFound(this.resource, name);
        if (attempt >= UPDATE_RETRIES) throw errors.conflict(this.resource, name);
      }
    }
  }

  watch(from: bigint, watcher: Watcher): Promise<() => void> {
    return this.cache.watch(from, watcher);
  }

  /** Pods bound to a node are deleted gracefully (the kubelet finishes); namespaces wait for their controller. */
  private gracefulSeconds(obj: KubeObject, options: DeleteOptions): number {
    if (this.resource.resource === 'namespaces') return 0;
    if (this.resource.resource !== 'pods') return 0;
    const spec = obj.spec as { nodeName?: string; terminationGracePeriodSeconds?: number } | undefined;
    if (!spec?.nodeName) return 0;
    return options.gracePeriodSeconds ?? spec.terminationGracePeriodSeconds ?? 30;
  }

  /** An object marked for deletion whose last finalizer went is deleted now. */
  private async finishIfReleased(key: string, stored: KubeObject): Promise<KubeObject> {
    if (!stored.metadata?.deletionTimestamp || (stored.metadata.finalizers ?? []).length > 0) return stored;
    if (this.resource.resource === 'pods' && (stored.metadata.deletionGracePeriodSeconds ?? 0) > 0) return stored;
    try {
      return (await this.store.delete(key, BigInt(stored.metadata.resourceVersion!))).object;
    } catch (err) {
      if (err instanceof WriteConflict) return stored;
      throw err;
    }
  }
}

function checkPreconditions(r: ResourceInfo, obj: KubeObject, options: DeleteOptions): void {
  const p = options.preconditions;
  const name = obj.metadata?.name ?? '';
  if (p?.uid && p.uid !== obj.metadata?.uid) {
    throw errors.conflict(r, name, `Precondition failed: UID in precondition: ${p.uid}, UID in object meta: ${obj.metadata?.uid}`);
  }
  if (p?.resourceVersion && p.resourceVersion !== obj.metadata?.resourceVersion) {
    throw errors.conflict(r, name, `Precondition failed: ResourceVersion in precondition: ${p.resourceVersion}, ResourceVersion in object meta: ${obj.metadata?.resourceVersion}`);
  }
}
