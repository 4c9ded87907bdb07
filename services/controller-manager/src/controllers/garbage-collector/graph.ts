// The garbage collector's dependency graph (garbagecollector/graph.go): a node per object
// uid, with the owners its ownerReferences name and the dependents that name it.
import type { OwnerReference } from 'kubernetes-types/meta/v1.js';

/** Which object a node stands for: its owner-reference coordinates and its namespace. */
export interface ObjectIdentity {
  apiVersion: string;
  kind: string;
  /** Empty for a cluster-scoped object; for a virtual node, the namespace of the dependent that named it. */
  namespace: string;
  name: string;
  uid: string;
}

export const FINALIZER_ORPHAN_DEPENDENTS = 'orphan';
export const FINALIZER_DELETE_DEPENDENTS = 'foregroundDeletion';

export class GraphNode {
  readonly dependents = new Set<GraphNode>();
  /** Set once the informer has shown a deletionTimestamp; deletion is a one-way trip. */
  beingDeleted = false;
  /** Being deleted with the foregroundDeletion finalizer: waits for its blocking dependents. */
  deletingDependents = false;

  constructor(
    public identity: ObjectIdentity,
    public owners: OwnerReference[],
    /** A placeholder for an owner some dependent names but no informer has shown (yet). */
    public virtual: boolean,
  ) {}

  /** Dependents whose reference to this node has blockOwnerDeletion: a foreground deletion waits for them. */
  blockingDependents(): GraphNode[] {
    return [...this.dependents].filter((dep) => dep.owners.some((ref) => ref.uid === this.identity.uid && ref.blockOwnerDeletion === true));
  }
}

/** Owner reference and identity name the same object (ownerReferenceMatchesCoordinates). */
export function referenceMatches(ref: OwnerReference, identity: ObjectIdentity): boolean {
  return ref.uid === identity.uid && ref.name === identity.name && ref.kind === identity.kind && ref.apiVersion === identity.apiVersion;
}

export function sameIdentity(a: ObjectIdentity, b: ObjectIdentity): boolean {
  return a.uid === b.uid && a.name === b.name && a.kind === b.kind && a.apiVersion === b.apiVersion && a.namespace === b.namespace;
}

/** A readable key for logs: Kind namespace/name. */
export function describe(identity: ObjectIdentity): string {
  return `${identity.kind} ${identity.namespace ? `${identity.namespace}/` : ''}${identity.name}`;
}

/** Nodes by uid (uidToNode). */
export class DependencyGraph {
  private readonly nodes = new Map<string, GraphNode>();

  get(uid: string): GraphNode | undefined {
    return this.nodes.get(uid);
  }

  set(node: GraphNode): void {
    this.nodes.set(node.identity.uid, node);
  }

  delete(uid: string): void {
    this.nodes.delete(uid);
  }

  get size(): number {
    return this.nodes.size;
  }
}
