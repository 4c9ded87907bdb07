// The namespace deleter (namespaced_resources_deleter.go): for a namespace being deleted, marks
// it Terminating, deletes every object of every namespaced resource the apiserver serves that
// supports delete, records what remains in status conditions, and once nothing remains removes
// its finalizer token from spec.finalizers through the finalize subresource (the apiserver then
// deletes the namespace).
import type { ResourceInfo } from '@kubeling/api';
import { rfc3339 } from '@kubeling/api/meta-time';
import { isConflict, isNotFound, type ApiClient, type KubeObject, type ResourceRef } from '@kubeling/client';
import type { Namespace, Pod } from 'kubernetes-types/core/v1.js';
import type { Logger } from 'pino';
import { failureConditions, updateConditions, type ContentTotals } from './namespace-conditions.js';

/** How long to wait for content that only finalizers hold (finalizerEstimateSeconds). */
const FINALIZER_ESTIMATE_SECONDS = 15;

export type NamespaceObject = Namespace & KubeObject;

/** Content remains that should go by itself within `estimate` seconds (pods terminating, finalizers running). */
export class ResourcesRemainingError extends Error {
  constructor(readonly estimate: number) {
    super(`some content remains in the namespace, estimate ${estimate} seconds before it is removed`);
    this.name = 'ResourcesRemainingError';
  }
}

export interface NamespaceDeleterDeps {
  client: Pick<ApiClient, 'get' | 'list' | 'update' | 'delete'>;
  /** The namespaced resources that support delete. */
  resources: readonly ResourceInfo[];
  /** The spec.finalizers entry this deleter owns ("kubernetes"). */
  finalizerToken: string;
  now(): Date;
  log: Logger;
}

const namespaceRef = (name: string, subresource?: string): ResourceRef => ({ version: 'v1', resource: 'namespaces', name, subresource });
const contentRef = (r: ResourceInfo, namespace: string, name?: string): ResourceRef => ({ group: r.group, version: r.version, resource: r.resource, namespace, name });
/** schema.GroupVersionResource's String(), as the deleter's errors print it. */
const gvrString = (r: ResourceInfo) => `${r.group}/${r.version}, Resource=${r.resource}`;

/** Deletes the namespace's content and finalizes it; throws ResourcesRemainingError while content is still going away. */
export async function deleteNamespace(name: string, deps: NamespaceDeleterDeps): Promise<void> {
  let namespace: NamespaceObject;
  try {
    namespace = await deps.client.get<NamespaceObject>(namespaceRef(name));
  } catch (err) {
    if (isNotFound(err)) return;
    throw err;
  }
  if (!namespace.metadata?.deletionTimestamp) return;
  try {
    namespace = await retryOnConflict(namespace, deps, (ns) => markTerminating(ns, deps));
  } catch (err) {
    if (isNotFound(err)) return;
    throw err;
  }
  if ((namespace.spec?.finalizers ?? []).length === 0) return;
  const { estimate, namespace: current } = await deleteAllContent(namespace, deps);
  if (estimate > 0) throw new ResourcesRemainingError(estimate);
  try {
    await retryOnConflict(current, deps, (ns) => finalize(ns, deps));
    deps.log.info({ namespace: name }, 'namespace finalized');
  } catch (err) {
    // Another deleter sharing the token finished first.
    if (!isNotFound(err)) throw err;
  }
}

async function markTerminating(ns: NamespaceObject, deps: NamespaceDeleterDeps): Promise<NamespaceObject> {
  if (ns.status?.phase === 'Terminating') return ns;
  return deps.client.update<NamespaceObject>(namespaceRef(ns.metadata!.name!, 'status'), { ...ns, status: { ...ns.status, phase: 'Terminating' } });
}

/** Removes this deleter's token from spec.finalizers (sorted, as a set). */
function finalize(ns: NamespaceObject, deps: NamespaceDeleterDeps): Promise<NamespaceObject> {
  const finalizers = [...new Set((ns.spec?.finalizers ?? []).filter((f) => f !== deps.finalizerToken))].sort();
  return deps.client.update<NamespaceObject>(namespaceRef(ns.metadata!.name!, 'finalize'), { ...ns, spec: { ...ns.spec, finalizers } });
}

/** Runs `write` on the latest namespace until it does not conflict; a namespace recreated meanwhile is an error. */
async function retryOnConflict(ns: NamespaceObject, deps: NamespaceDeleterDeps, write: (ns: NamespaceObject) => Promise<NamespaceObject>): Promise<NamespaceObject> {
  let latest = ns;
  for (;;) {
    try {
      return await write(latest);
    } catch (err) {
      if (!isConflict(err)) throw err;
    }
    const fresh = await deps.client.get<NamespaceObject>(namespaceRef(latest.metadata!.name!));
    if (fresh.metadata?.uid !== latest.metadata?.uid) throw new Error('namespace uid has changed across retries');
    latest = fresh;
  }
}

/** What one resource left behind after its delete pass. */
interface ResourceOutcome {
  estimate: number;
  remaining: number;
  finalizers: Map<string, number>;
  error?: Error;
}

/**
 * Deletes the content of every resource, all of them even when some fail; records what remains
 * in the status conditions. Resolves to the longest estimate of any resource (0: all gone) and
 * the namespace as last written.
 */
async function deleteAllContent(ns: NamespaceObject, deps: NamespaceDeleterDeps): Promise<{ estimate: number; namespace: NamespaceObject }> {
  const name = ns.metadata!.name!;
  const deletedAt = Date.parse(String(ns.metadata!.deletionTimestamp));
  const totals: ContentTotals = { remainingByResource: new Map(), remainingByFinalizer: new Map() };
  const errors: Error[] = [];
  let estimate = 0;
  for (const r of deps.resources) {
    const outcome = await deleteAllContentFor(r, name, deletedAt, deps);
    if (outcome.error) errors.push(outcome.error);
    estimate = Math.max(estimate, outcome.estimate);
    if (outcome.remaining === 0) continue;
    totals.remainingByResource.set(`${r.resource}.${r.group}`, outcome.remaining);
    for (const [finalizer, n] of outcome.finalizers) totals.remainingByFinalizer.set(finalizer, (totals.remainingByFinalizer.get(finalizer) ?? 0) + n);
  }
  const now = rfc3339(deps.now());
  const { status, changed } = updateConditions(ns.status, failureConditions(totals, errors, now), now);
  let namespace = ns;
  if (changed) {
    try {
      namespace = await deps.client.update<NamespaceObject>(namespaceRef(name, 'status'), { ...ns, status });
    } catch (err) {
      deps.log.warn({ namespace: name, err: (err as Error).message }, "couldn't update status condition for namespace");
    }
  }
  deps.log.info({ namespace: name, estimate, errors: errors.length }, 'namespace content deletion pass');
  if (errors.length > 0) throw new Error(errors.map((e) => e.message).join(', '));
  return { estimate, namespace };
}

/** deleteAllContentForGroupVersionResource: delete each object (Background), then see what is left and why. */
async function deleteAllContentFor(r: ResourceInfo, namespace: string, deletedAt: number, deps: NamespaceDeleterDeps): Promise<ResourceOutcome> {
  let estimate = 0;
  try {
    estimate = await estimateGracefulTermination(r, namespace, deletedAt, deps);
    await deleteEachItem(r, namespace, deps);
    const { items } = await deps.client.list(contentRef(r, namespace));
    if (items.length === 0) return { estimate: 0, remaining: 0, finalizers: new Map() };
    const finalizers = new Map<string, number>();
    for (const item of items) for (const f of (item.metadata?.finalizers as string[] | undefined) ?? []) finalizers.set(f, (finalizers.get(f) ?? 0) + 1);
    if (estimate > 0) return { estimate, remaining: items.length, finalizers };
    // Finalizers are a normal reason to wait: give the garbage collector and others time.
    if (finalizers.size > 0) return { estimate: FINALIZER_ESTIMATE_SECONDS, remaining: items.length, finalizers };
    return { estimate, remaining: items.length, finalizers, error: new Error(`unexpected items still remain in namespace: ${namespace} for gvr: ${gvrString(r)}`) };
  } catch (err) {
    return { estimate, remaining: 0, finalizers: new Map(), error: err as Error };
  }
}

/**
 * Lists and deletes each object: the gRPC API has no deletecollection. Background, so the
 * garbage collector adds no orphan finalizer: everything in the namespace goes anyway.
 */
async function deleteEachItem(r: ResourceInfo, namespace: string, deps: NamespaceDeleterDeps): Promise<void> {
  const { items } = await deps.client.list(contentRef(r, namespace));
  for (const item of items) {
    try {
      await deps.client.delete(contentRef(r, namespace, item.metadata!.name!), { propagationPolicy: 'Background' });
    } catch (err) {
      if (!isNotFound(err) && !isMethodNotSupported(err)) throw err;
    }
  }
}

const isMethodNotSupported = (err: unknown) => (err as { code?: number }).code === 405;

/**
 * Pods may take their grace period to go: the longest terminationGracePeriodSeconds of the
 * pods still running, or 0 once the namespace has been deleting that long already.
 */
async function estimateGracefulTermination(r: ResourceInfo, namespace: string, deletedAt: number, deps: NamespaceDeleterDeps): Promise<number> {
  if (!(r.group === '' && r.resource === 'pods')) return 0;
  const { items } = await deps.client.list<Pod & KubeObject>(contentRef(r, namespace));
  let estimate = 0;
  for (const pod of items) {
    const phase = pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') continue;
    estimate = Math.max(estimate, pod.spec?.terminationGracePeriodSeconds ?? 0);
  }
  return deps.now().getTime() - deletedAt >= estimate * 1000 ? 0 : estimate;
}

/** The namespaced resources the apiserver serves that support delete, in discovery order. */
export function deletableNamespacedResources(all: readonly ResourceInfo[]): ResourceInfo[] {
  return all.filter((r) => r.namespaced && r.verbs.includes('delete'));
}
