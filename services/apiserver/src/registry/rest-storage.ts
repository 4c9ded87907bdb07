import type { ResourceInfo } from '@kubeling/api';
import type { Logger } from 'pino';
import { errors } from '../errors.js';
import type { KubeObject } from '../storage/object.js';
import { WriteConflict, type ListOptions, type ListResult, type ObjectStore } from '../storage/object-store.js';
import { WatchCache, type Watcher } from '../storage/watch-cache.js';
import { checkedDeleteOptions, type DeleteOptions } from './deletion-finalizers.js';
import { deleteStrategyFor, planDeletion, type DeleteStrategy, type DeletionPlan } from './deletion-plan.js';
import { listPrefix, objectKey } from './keys.js';
import { planNamespaceDeletion, prepareNamespaceUpdate, specFinalizers } from './namespace-finalize.js';
import { checkKind, prepareForCreate, prepareForUpdate } from './object-meta.js';

export type { DeleteOptions } from './deletion-finalizers.js';

/** Checks and defaults an object before it is stored (per-resource strategy). */
export type Admit = (r: ResourceInfo, obj: KubeObject, old: KubeObject | undefined) => void | Promise<void>;

/** What a resource does around its writes beyond storing them (the strategy's allocation hooks). */
export interface StorageHooks {
  /** Claims what a new object needs (a Service's IPs and ports), filling them in. */
  beforeCreate?(obj: KubeObject): Promise<void>;
  /** Gives back what beforeCreate claimed, or what a deleted object held. */
  release?(obj: KubeObject): Promise<void>;
}

/** How many times a write that lost a race is retried: Kubernetes retries unconditional writes until they land; the bound only stops a livelock. */
const UPDATE_RETRIES = 100;

/**
 * The storage of one resource (Kubernetes' registry/generic Store): create, get, list,
 * update (whole or status), delete with finalizers and graceful deletion, and watch
 * through the resource's watch cache.
 */
export class RestStorage {
  readonly cache: WatchCache;
  private readonly deleteStrategy: DeleteStrategy;
  private readonly isNamespaces: boolean;

  constructor(
    readonly resource: ResourceInfo,
    private readonly store: ObjectStore,
    private readonly admit: Admit,
    log: Logger,
    private readonly hooks: StorageHooks = {},
  ) {
    this.cache = new WatchCache(store, listPrefix(resource), log);
    this.deleteStrategy = deleteStrategyFor(resource);
    this.isNamespaces = resource.group === '' && resource.resource === 'namespaces';
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
        const requested = await change(current);
        const wanted = this.isNamespaces ? prepareNamespaceUpdate(current, requested, subresource) : requested;
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
   * Deletes as Kubernetes' generic registry does: a pod bound to a node given a grace period,
   * or an object left with finalizers (its own, or the garbage collector's that the
   * propagation policy adds), only gets a deletionTimestamp; the rest go at once.
   */
  async delete(namespace: string | undefined, name: string, requested: DeleteOptions = {}, dryRun = false): Promise<{ object: KubeObject; deleted: boolean }> {
    const options = checkedDeleteOptions(requested);
    const key = objectKey(this.resource, namespace, name);
    for (let attempt = 0; ; attempt++) {
      const current = await this.get(namespace, name);
      checkPreconditions(this.resource, current, options);
      const plan = this.planDelete(current, options);
      if (plan.action === 'keep') return { object: current, deleted: false };
      if (dryRun) return plan.action === 'mark' ? { object: plan.object, deleted: false } : { object: current, deleted: true };
      try {
        if (plan.action === 'mark') return { object: await this.store.update(key, plan.object, BigInt(current.metadata!.resourceVersion!)), deleted: false };
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

  private planDelete(current: KubeObject, options: DeleteOptions): DeletionPlan {
    const now = new Date();
    return this.isNamespaces ? planNamespaceDeletion(current, options, now) : planDeletion(current, options, this.deleteStrategy, now);
  }

  /**
   * ShouldDeleteDuringUpdate: an object marked for deletion with no grace period left is
   * deleted once its last finalizer goes (a namespace once spec.finalizers are gone too).
   */
  private async finishIfReleased(key: string, stored: KubeObject): Promise<KubeObject> {
    if (!stored.metadata?.deletionTimestamp || (stored.metadata.finalizers ?? []).length > 0) return stored;
    if ((stored.metadata.deletionGracePeriodSeconds ?? 0) > 0) return stored;
    if (this.isNamespaces && specFinalizers(stored).length > 0) return stored;
    try {
      const { object } = await this.store.delete(key, BigInt(stored.metadata.resourceVersion!));
      await this.hooks.release?.(object);
      return object;
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
