// The EndpointSlice controller's syncService, level-based on one service key: plan the
// service's slices from its pods and the cached slices, then write the plan. A cache that
// is behind our own writes fails the sync, which is retried.
import { isNotFound, splitMetaNamespaceKey } from '@kubeling/client';
import type { Node } from 'kubernetes-types/core/v1.js';
import type { Logger } from 'pino';
import { selectsPods, type PodObject, type ServiceObject } from '../../controller-utils/service-pods.js';
import type { SliceObject } from './desired-endpoints.js';
import { planSlices, type SlicePlan } from './reconciler.js';
import type { EndpointSliceTracker } from './slice-tracker.js';

/** endpointslicepkg.StaleInformerCache: the cache has not caught up with the slices we wrote. */
export class StaleInformerCacheError extends Error {
  constructor() {
    super('EndpointSlice informer cache is out of date');
    this.name = 'StaleInformerCacheError';
  }
}

/** Pods whose node is not (yet) known were left out; the sync is retried to add them. */
export class PodNodeNotFoundError extends Error {
  constructor(key: string, pods: readonly string[]) {
    super(`skipping pods ${pods.join(', ')} for service ${key}: node not found`);
    this.name = 'PodNodeNotFoundError';
  }
}

export interface SliceSyncDeps {
  /** From the informer caches. */
  getService(namespace: string, name: string): ServiceObject | undefined;
  podsOf(service: ServiceObject): PodObject[];
  /** The slices labelled with the service's name and managed by this controller. */
  slicesOf(namespace: string, serviceName: string): SliceObject[];
  getNode(name: string): Node | undefined;
  tracker: EndpointSliceTracker;
  maxEndpointsPerSlice: number;
  /** Writes to the API. */
  createSlice(slice: SliceObject): Promise<SliceObject>;
  updateSlice(slice: SliceObject): Promise<SliceObject>;
  deleteSlice(namespace: string, name: string): Promise<unknown>;
}

async function deleteSlice(slice: SliceObject, deps: SliceSyncDeps): Promise<void> {
  try {
    await deps.deleteSlice(slice.metadata!.namespace!, slice.metadata!.name!);
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  deps.tracker.expectDeletion(slice);
}

async function applyPlan(service: ServiceObject, plan: SlicePlan, deps: SliceSyncDeps): Promise<void> {
  // No new slices for a service being deleted: the garbage collector would race them.
  if (!service.metadata?.deletionTimestamp) {
    for (const slice of plan.create) deps.tracker.update(await deps.createSlice(slice));
  }
  for (const slice of plan.update) deps.tracker.update(await deps.updateSlice(slice));
  for (const slice of plan.delete) await deleteSlice(slice, deps);
}

export async function syncEndpointSlices(key: string, deps: SliceSyncDeps, log: Logger): Promise<void> {
  const { namespace, name } = splitMetaNamespaceKey(key);
  const service = deps.getService(namespace, name);
  if (!service) {
    // The slices' owner is gone: remove them rather than wait for the garbage collector.
    for (const slice of deps.slicesOf(namespace, name)) await deleteSlice(slice, deps);
    deps.tracker.deleteService(key);
    return;
  }
  if (!selectsPods(service)) return;

  // Slices being deleted are no one's to reconcile.
  const existing = deps.slicesOf(namespace, name).filter((s) => !s.metadata?.deletionTimestamp);
  if (deps.tracker.staleSlices(service, existing)) throw new StaleInformerCacheError();
  const plan = planSlices({ service, pods: deps.podsOf(service), existing, nodeOf: deps.getNode, maxEndpointsPerSlice: deps.maxEndpointsPerSlice });
  await applyPlan(service, plan, deps);
  if (plan.create.length + plan.update.length + plan.delete.length > 0) {
    log.info({ key, created: plan.create.length, updated: plan.update.length, deleted: plan.delete.length }, 'endpoint slices reconciled');
  }
  if (plan.podsWithoutNode.length > 0) throw new PodNodeNotFoundError(key, plan.podsWithoutNode);
}
