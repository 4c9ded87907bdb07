import { groupVersion, type ResourceInfo, type ResourceRegistry } from '@kubeling/api';
import { rfc3339 } from '@kubeling/api/meta-time';
import { errors } from '../errors.js';
import type { DeleteOptions, RestStorage } from '../registry/rest-storage.js';
import type { KubeObject } from '../storage/object.js';
import { isPlainObject } from '../storage/object.js';
import type { WatchEventType } from '../storage/watch-cache.js';
import type { ListQuery } from './list-query.js';
import { checkUnknownFields, withoutNulls } from './field-validation.js';
import { applyPatch } from './patch.js';
import type { ResourceRef, WriteOptions } from './resource-ref.js';
import { applyScale, scaleOf } from './scale.js';
import { selectorFor } from './selection.js';

/** A resolved call target: the resource's description and its storage. */
export interface Target {
  r: ResourceInfo;
  storage: RestStorage;
  namespace: string | undefined;
}

export interface ListOutcome {
  items: KubeObject[];
  resourceVersion: string;
  continue?: string;
  remainingItemCount?: number;
}

export interface WatchSink {
  send(type: WatchEventType | 'BOOKMARK', object: KubeObject): void;
  close(reason: string): void;
}

const SUCCESS = (code: number): KubeObject => ({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code });

/**
 * Everything the API does to resources, whatever the transport: the HTTP API and the
 * gRPC API both parse their requests into these calls and encode what comes back.
 */
export class ApiOperations {
  constructor(
    readonly registry: ResourceRegistry,
    private readonly storages: Map<ResourceInfo, RestStorage>,
  ) {}

  resolve(ref: ResourceRef): Target {
    const r = this.registry.lookup(ref.group, ref.version, ref.resource);
    const storage = r && this.storages.get(r);
    if (!r || !storage) throw errors.unknownPath();
    if (ref.namespace !== undefined && !r.namespaced && r.resource !== 'namespaces') throw errors.unknownPath();
    if (ref.subresource && !r.subresources.some((s) => s.name === ref.subresource)) throw errors.unknownPath();
    return { r, storage, namespace: r.namespaced ? ref.namespace : undefined };
  }

  async get(ref: ResourceRef): Promise<KubeObject> {
    const t = this.resolve(ref);
    const obj = await t.storage.get(t.namespace, required(ref.name));
    return ref.subresource === 'scale' ? scaleOf(t.r, obj) : obj;
  }

  async list(ref: ResourceRef, q: ListQuery): Promise<ListOutcome> {
    const t = this.resolve(ref);
    const matches = selectorFor(t.r, q);
    if (q.resourceVersion === 0n && !q.continue) {
      // resourceVersion=0 means "any version is fine": served from the watch cache, whole (as Kubernetes ignores limit then).
      const snapshot = await t.storage.cache.snapshot();
      const items = snapshot.items.filter((obj) => (t.namespace === undefined || obj.metadata?.namespace === t.namespace) && matches(obj));
      return { items, resourceVersion: snapshot.revision.toString() };
    }
    const page = await t.storage.list(t.namespace, { limit: q.limit, continue: q.continue, revision: q.resourceVersion && q.resourceVersion > 0n ? q.resourceVersion : undefined });
    const outcome: ListOutcome = { items: page.items.filter(matches), resourceVersion: page.revision.toString() };
    if (page.continue) outcome.continue = page.continue;
    // The count is of the unfiltered rest, so it is only true without selectors.
    if (page.remainingItemCount !== undefined && q.labelSelector === '' && q.fieldSelector === '') outcome.remainingItemCount = page.remainingItemCount;
    return outcome;
  }

  /** A list in the shape the REST API returns it: `<Kind>List`. */
  listObject(ref: ResourceRef, outcome: ListOutcome): KubeObject & { items: KubeObject[] } {
    const { r } = this.resolve(ref);
    const metadata: Record<string, unknown> = { resourceVersion: outcome.resourceVersion };
    if (outcome.continue) metadata.continue = outcome.continue;
    if (outcome.remainingItemCount !== undefined) metadata.remainingItemCount = outcome.remainingItemCount;
    return { kind: `${r.kind}List`, apiVersion: groupVersion(r), metadata, items: outcome.items };
  }

  /** Starts a watch; resolves to the function that stops it. */
  watch(ref: ResourceRef, q: ListQuery, sink: WatchSink, allowBookmarks = false): Promise<() => void> {
    const t = this.resolve(ref);
    const matches = selectorFor(t.r, q);
    // A BOOKMARK is an object of the watched kind that carries only its resourceVersion.
    const bookmark = (revision: bigint) => sink.send('BOOKMARK', { kind: t.r.kind, apiVersion: groupVersion(t.r), metadata: { resourceVersion: revision.toString() } });
    return t.storage.watch(q.resourceVersion ?? 0n, {
      matches: (obj) => (t.namespace === undefined || obj.metadata?.namespace === t.namespace) && matches(obj),
      send: sink.send,
      close: sink.close,
      ...(allowBookmarks ? { bookmark } : {}),
    });
  }

  /** Creates an object, or acts through a create-only subresource (binding, eviction). */
  async create(ref: ResourceRef, body: unknown, options: WriteOptions = {}): Promise<{ code: number; object: KubeObject }> {
    const t = this.resolve(ref);
    const obj = withoutNulls(asObject(body));
    if (ref.subresource === 'binding') return { code: 201, object: await this.bind(t, required(ref.name), obj, options) };
    if (ref.subresource === 'eviction') return { code: 201, object: await this.evict(t, required(ref.name), obj, options) };
    if (ref.subresource) throw errors.methodNotAllowed('POST');
    checkUnknownFields(t.r, obj, options);
    return { code: 201, object: await t.storage.create(t.namespace, obj, options.dryRun) };
  }

  async update(ref: ResourceRef, body: unknown, options: WriteOptions = {}): Promise<KubeObject> {
    const t = this.resolve(ref);
    const name = required(ref.name);
    if (ref.subresource === 'scale') {
      return scaleOf(t.r, await t.storage.update(t.namespace, name, undefined, (current) => applyScale(current, body), options.dryRun));
    }
    const obj = withoutNulls(asObject(body));
    checkUnknownFields(t.r, obj, options);
    // namespaces/finalize is written by PUT only (Kubernetes' FinalizeREST has no patch).
    const subresource = ref.subresource === 'finalize' ? ref.subresource : this.writableSubresource(ref);
    return t.storage.update(t.namespace, name, subresource, () => obj, options.dryRun);
  }

  async patch(ref: ResourceRef, patchType: string, patch: unknown, options: WriteOptions = {}): Promise<KubeObject> {
    const t = this.resolve(ref);
    const name = required(ref.name);
    if (ref.subresource === 'scale') {
      // A Scale has no strategic-merge metadata of its own: its patches merge as JSON.
      const type = patchType === 'application/strategic-merge-patch+json' ? 'application/merge-patch+json' : patchType;
      const scaleInfo = { ...t.r, group: 'autoscaling', version: 'v1', kind: 'Scale' };
      const updated = await t.storage.update(
        t.namespace,
        name,
        undefined,
        (current) => withoutCurrentVersion(applyScale(current, applyPatch(scaleInfo, type, scaleOf(t.r, current), patch)), current),
        options.dryRun,
      );
      return scaleOf(t.r, updated);
    }
    return t.storage.update(
      t.namespace,
      name,
      this.writableSubresource(ref),
      (current) => {
        const patched = withoutNulls(applyPatch(t.r, patchType, current, patch));
        checkUnknownFields(t.r, patched, options);
        return withoutCurrentVersion(patched, current);
      },
      options.dryRun,
    );
  }

  async delete(ref: ResourceRef, options: DeleteOptions, dryRun = false): Promise<KubeObject> {
    const t = this.resolve(ref);
    if (ref.subresource) throw errors.methodNotAllowed('DELETE');
    return (await t.storage.delete(t.namespace, required(ref.name), options, dryRun)).object;
  }

  async deleteCollection(ref: ResourceRef, q: ListQuery, options: DeleteOptions, dryRun = false): Promise<KubeObject> {
    const t = this.resolve(ref);
    const matches = selectorFor(t.r, q);
    const page = await t.storage.list(t.namespace, {});
    const items: KubeObject[] = [];
    for (const item of page.items.filter(matches)) items.push((await t.storage.delete(item.metadata?.namespace, item.metadata!.name!, options, dryRun)).object);
    return this.listObject(ref, { items, resourceVersion: page.revision.toString() });
  }

  private writableSubresource(ref: ResourceRef): string | undefined {
    if (ref.subresource === undefined || ref.subresource === 'status') return ref.subresource;
    throw errors.methodNotAllowed('PUT');
  }

  /** pods/binding: sets spec.nodeName once (the scheduler's only write to a pod's spec). */
  private async bind(t: Target, podName: string, binding: KubeObject, options: WriteOptions): Promise<KubeObject> {
    const target = (binding as { target?: { name?: string } }).target;
    if (!target?.name) throw errors.badRequest('target.name: Required value');
    const bindingUid = binding.metadata?.uid;
    await t.storage.update(
      t.namespace,
      podName,
      'binding',
      (pod) => {
        const spec = (pod.spec ?? {}) as { nodeName?: string };
        if (bindingUid && bindingUid !== pod.metadata?.uid) throw errors.conflict(t.r, podName, `Precondition failed: UID in precondition: ${bindingUid}, UID in object meta: ${pod.metadata?.uid}`);
        if (pod.metadata?.deletionTimestamp) throw errors.conflict(t.r, podName, `pod ${podName} is being deleted, cannot be assigned to a host`);
        if (spec.nodeName) throw errors.conflict(t.r, podName, `pod ${podName} is already assigned to node "${spec.nodeName}"`);
        return { ...pod, spec: { ...spec, nodeName: target.name }, status: scheduledStatus(pod.status as PodStatusLike | undefined) };
      },
      options.dryRun,
    );
    return SUCCESS(201);
  }

  /** pods/eviction: a delete that a PodDisruptionBudget may refuse (checked once that controller exists). */
  private async evict(t: Target, podName: string, eviction: KubeObject, options: WriteOptions): Promise<KubeObject> {
    const deleteOptions = ((eviction as { deleteOptions?: DeleteOptions }).deleteOptions ?? {}) as DeleteOptions;
    await t.storage.delete(t.namespace, podName, deleteOptions, options.dryRun);
    return SUCCESS(201);
  }
}

interface PodStatusLike {
  conditions?: Array<{ type: string; status: string; lastTransitionTime?: string; [k: string]: unknown }>;
  [k: string]: unknown;
}

/** A bound pod's status: PodScheduled=True (assignPod), replacing any Unschedulable verdict. */
function scheduledStatus(status: PodStatusLike | undefined): PodStatusLike {
  const conditions = (status?.conditions ?? []).filter((c) => c.type !== 'PodScheduled');
  const now = rfc3339(new Date());
  return { ...status, conditions: [...conditions, { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: now }] };
}

function required(name: string | undefined): string {
  if (!name) throw errors.badRequest('a resource name is required');
  return name;
}

function asObject(body: unknown): KubeObject {
  if (!isPlainObject(body)) throw errors.badRequest(`Object 'Kind' is missing in '${JSON.stringify(body)}'`);
  return body as KubeObject;
}

/**
 * A patch is applied to the current object, so it carries that object's resourceVersion; only
 * one the patch itself names is a precondition. Without it the write is unconditional and a
 * lost race is retried on the fresh object, as Kubernetes' patcher does.
 */
function withoutCurrentVersion(patched: KubeObject, current: KubeObject): KubeObject {
  if (patched.metadata?.resourceVersion !== current.metadata?.resourceVersion) return patched;
  const { resourceVersion: _current, ...metadata } = patched.metadata!;
  return { ...patched, metadata };
}
