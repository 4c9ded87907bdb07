// The GraphBuilder (garbagecollector/graph_builder.go): turns informer events into graph
// changes and decides which nodes the workers must look at: dependents whose owner went,
// owners starting an orphaning or foreground deletion, owners a dependent stopped blocking.
import type { KubeObject } from '@kubeling/client';
import type { OwnerReference } from 'kubernetes-types/meta/v1.js';
import { isDeepStrictEqual } from 'node:util';
import type { Logger } from 'pino';
import { ownerReferencesOf } from '../../controller-utils/controller-ref.js';
import { describe, FINALIZER_DELETE_DEPENDENTS, FINALIZER_ORPHAN_DEPENDENTS, GraphNode, referenceMatches, sameIdentity, type DependencyGraph, type ObjectIdentity } from './graph.js';

/** The work queues the builder feeds, keyed by uid. */
export interface GraphQueues {
  attemptToDelete: { add(uid: string): void };
  attemptToOrphan: { add(uid: string): void };
}

/** The apiVersion and kind an informer's objects have. */
export interface ObservedKind {
  apiVersion: string;
  kind: string;
}

export function identityOf(kind: ObservedKind, obj: KubeObject): ObjectIdentity {
  const meta = obj.metadata ?? {};
  return { apiVersion: kind.apiVersion, kind: kind.kind, namespace: meta.namespace ?? '', name: meta.name ?? '', uid: meta.uid ?? '' };
}

const beingDeleted = (obj: KubeObject | undefined) => Boolean(obj?.metadata?.deletionTimestamp);
const hasFinalizer = (obj: KubeObject | undefined, finalizer: string) => ((obj?.metadata?.finalizers as string[] | undefined) ?? []).includes(finalizer);

/** The object now is being deleted with `finalizer`, and was not before (deletionStartsWithFinalizer). */
function deletionStartsWithFinalizer(oldObj: KubeObject | undefined, obj: KubeObject, finalizer: string): boolean {
  if (!beingDeleted(obj) || !hasFinalizer(obj, finalizer)) return false;
  return !beingDeleted(oldObj) || !hasFinalizer(oldObj, finalizer);
}

export interface ReferenceDiff {
  added: OwnerReference[];
  removed: OwnerReference[];
  changed: Array<{ oldRef: OwnerReference; newRef: OwnerReference }>;
}

/** How an object's ownerReferences changed, matched by uid (referencesDiffs). */
export function referencesDiffs(old: readonly OwnerReference[], next: readonly OwnerReference[]): ReferenceDiff {
  const oldByUid = new Map(old.map((ref) => [ref.uid, ref]));
  const diff: ReferenceDiff = { added: [], removed: [], changed: [] };
  for (const ref of next) {
    const before = oldByUid.get(ref.uid);
    if (!before) diff.added.push(ref);
    else if (!isDeepStrictEqual(before, ref)) diff.changed.push({ oldRef: before, newRef: ref });
    oldByUid.delete(ref.uid);
  }
  diff.removed.push(...oldByUid.values());
  return diff;
}

/** Every reference the dependent has to this uid names `owner` as observed, in a namespace it can be in. */
function dependentMatches(dep: GraphNode, owner: ObjectIdentity): boolean {
  if (owner.namespace && owner.namespace !== dep.identity.namespace) return false;
  return dep.owners.filter((ref) => ref.uid === owner.uid).every((ref) => referenceMatches(ref, owner));
}

export class GraphBuilder {
  constructor(
    readonly graph: DependencyGraph,
    private readonly queues: GraphQueues,
    private readonly log: Logger,
  ) {}

  /** An add or update from the informer of `kind`; `oldObj` is the informer's previous copy, if any. */
  observe(kind: ObservedKind, obj: KubeObject, oldObj?: KubeObject): void {
    const identity = identityOf(kind, obj);
    const owners = ownerReferencesOf(obj);
    let node = this.graph.get(identity.uid);
    if (node?.virtual) this.markObserved(node, identity);
    if (!node) {
      node = new GraphNode(identity, owners, false);
      node.beingDeleted = beingDeleted(obj);
      node.deletingDependents = node.beingDeleted && hasFinalizer(obj, FINALIZER_DELETE_DEPENDENTS);
      this.graph.set(node);
      this.addDependentToOwners(node, owners);
    } else {
      const diff = referencesDiffs(node.owners, owners);
      if (diff.added.length + diff.removed.length + diff.changed.length > 0) {
        this.addUnblockedOwnersToDeleteQueue(diff);
        node.owners = owners;
        this.addDependentToOwners(node, diff.added);
        this.removeDependentFromOwners(node, diff.removed);
      }
      if (beingDeleted(obj)) node.beingDeleted = true;
    }
    this.processTransitions(oldObj, obj, node);
  }

  /** A delete from an informer. */
  observeDeleted(kind: ObservedKind, obj: KubeObject): void {
    const node = this.graph.get(identityOf(kind, obj).uid);
    if (node) this.removeNode(node);
  }

  /**
   * A live GET found `identity` gone while the graph still has it (a virtual owner that never
   * existed, or a delete the informer has not shown yet): the node goes and its dependents are checked.
   */
  virtualDelete(identity: ObjectIdentity): void {
    const node = this.graph.get(identity.uid);
    // An observed node under other coordinates is a different object: its informer reports its deletion.
    if (!node || (!node.virtual && !sameIdentity(node.identity, identity))) return;
    this.log.debug({ item: describe(identity), uid: identity.uid, virtual: node.virtual }, 'object not found; removing it from the graph');
    this.removeNode(node);
  }

  /** A virtual node the informer now shows: dependents that named it otherwise are checked (a bad child of a good owner). */
  private markObserved(node: GraphNode, observed: ObjectIdentity): void {
    if (!sameIdentity(node.identity, observed)) {
      for (const dep of node.dependents) if (!dependentMatches(dep, observed)) this.queues.attemptToDelete.add(dep.identity.uid);
      node.identity = observed;
    }
    node.virtual = false;
  }

  /**
   * Adds `node` to its owners' dependents, making a virtual node (checked by a live GET) for an
   * owner not seen yet. A reference that disagrees with the owner seen gets the dependent checked.
   */
  private addDependentToOwners(node: GraphNode, owners: readonly OwnerReference[]): void {
    let suspicious = false;
    for (const ref of owners) {
      let owner = this.graph.get(ref.uid);
      if (!owner) {
        // The owner's scope is unknown until it is looked up: a namespaced owner is in the dependent's namespace.
        owner = new GraphNode({ apiVersion: ref.apiVersion, kind: ref.kind, name: ref.name, uid: ref.uid, namespace: node.identity.namespace }, [], true);
        this.graph.set(owner);
        owner.dependents.add(node);
        this.queues.attemptToDelete.add(owner.identity.uid);
        continue;
      }
      owner.dependents.add(node);
      const namespaced = owner.identity.namespace !== '';
      if (namespaced && owner.identity.namespace !== node.identity.namespace) suspicious = true;
      else if (!referenceMatches(ref, owner.identity)) suspicious = true;
      else if (!namespaced && owner.virtual && owner.identity.namespace !== node.identity.namespace) suspicious = true;
    }
    if (suspicious) this.queues.attemptToDelete.add(node.identity.uid);
  }

  private removeDependentFromOwners(node: GraphNode, owners: readonly OwnerReference[]): void {
    for (const ref of owners) this.graph.get(ref.uid)?.dependents.delete(node);
  }

  /** The node leaves the graph: its dependents lost an owner, and owners waiting for it may be done. */
  private removeNode(node: GraphNode): void {
    this.graph.delete(node.identity.uid);
    this.removeDependentFromOwners(node, node.owners);
    for (const dep of node.dependents) this.queues.attemptToDelete.add(dep.identity.uid);
    for (const ref of node.owners) {
      const owner = this.graph.get(ref.uid);
      if (owner?.deletingDependents) this.queues.attemptToDelete.add(owner.identity.uid);
    }
  }

  /** A blocking reference removed or made non-blocking may let a foreground deletion finish. */
  private addUnblockedOwnersToDeleteQueue(diff: ReferenceDiff): void {
    const unblocked = [
      ...diff.removed.filter((ref) => ref.blockOwnerDeletion === true),
      ...diff.changed.filter((c) => c.oldRef.blockOwnerDeletion === true && c.newRef.blockOwnerDeletion !== true).map((c) => c.newRef),
    ];
    for (const ref of unblocked) if (this.graph.get(ref.uid)) this.queues.attemptToDelete.add(ref.uid);
  }

  private processTransitions(oldObj: KubeObject | undefined, obj: KubeObject, node: GraphNode): void {
    if (deletionStartsWithFinalizer(oldObj, obj, FINALIZER_ORPHAN_DEPENDENTS)) {
      this.log.debug({ item: describe(node.identity) }, 'owner is being deleted with the orphan finalizer; orphaning its dependents');
      this.queues.attemptToOrphan.add(node.identity.uid);
      return;
    }
    if (deletionStartsWithFinalizer(oldObj, obj, FINALIZER_DELETE_DEPENDENTS)) {
      this.log.debug({ item: describe(node.identity) }, 'owner is being deleted in the foreground; deleting its dependents');
      node.deletingDependents = true;
      for (const dep of node.dependents) this.queues.attemptToDelete.add(dep.identity.uid);
      this.queues.attemptToDelete.add(node.identity.uid);
    }
  }
}
