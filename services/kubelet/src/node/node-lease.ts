// A node's Lease in kube-node-lease, as the kubelet's lease controller keeps it
// (k8s.io/component-helpers/apimachinery/lease): the cheap heartbeat the node lifecycle
// controller reads, renewed far more often than the node's status is written.
import { isConflict, isNotFound, type ApiClient, type KubeObject } from '@kubeling/client';
import type { Lease } from 'kubernetes-types/coordination/v1.js';
import { microTime } from '@kubeling/api/meta-time';

export const NODE_LEASE_NAMESPACE = 'kube-node-lease';

type LeaseObject = Lease & KubeObject;

export const leaseRef = (name?: string) => ({ group: 'coordination.k8s.io', version: 'v1', resource: 'leases', namespace: NODE_LEASE_NAMESPACE, name });

/** The node as owner of its lease, so that the garbage collector removes the lease with the node. */
const nodeOwner = (nodeName: string, nodeUid: string) => [{ apiVersion: 'v1', kind: 'Node', name: nodeName, uid: nodeUid }];

/** A new lease held by the node. */
export function buildLease(nodeName: string, nodeUid: string, durationSeconds: number, now: Date): Lease {
  return {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name: nodeName, namespace: NODE_LEASE_NAMESPACE, ownerReferences: nodeOwner(nodeName, nodeUid) },
    spec: { holderIdentity: nodeName, leaseDurationSeconds: durationSeconds, renewTime: microTime(now) },
  };
}

/**
 * One node's lease: created (or taken over) once, then renewed by updating the copy last
 * written, so a renewal is one call; only when that copy is stale or gone is the lease read
 * or created again.
 */
export class NodeLease {
  private latest?: LeaseObject;

  constructor(
    private readonly client: ApiClient,
    private readonly nodeName: string,
    private readonly nodeUid: string,
    private readonly durationSeconds: number,
  ) {}

  /** Gets the lease, or creates it (backoffEnsureLease); an existing one is renewed as ours. */
  async ensure(now: Date): Promise<void> {
    try {
      this.latest = await this.client.get<LeaseObject>(leaseRef(this.nodeName));
    } catch (err) {
      if (!isNotFound(err)) throw err;
      this.latest = await this.client.create<LeaseObject>(leaseRef(), buildLease(this.nodeName, this.nodeUid, this.durationSeconds, now));
      return;
    }
    await this.update(now);
  }

  /** Renews: the last copy with a new renewTime, read again first if someone else changed or removed it. */
  async renew(now: Date): Promise<void> {
    if (this.latest === undefined) return this.ensure(now);
    try {
      await this.update(now);
    } catch (err) {
      if (!isConflict(err) && !isNotFound(err)) throw err;
      await this.ensure(now);
    }
  }

  private async update(now: Date): Promise<void> {
    const lease = this.latest!;
    const spec = { ...lease.spec, holderIdentity: this.nodeName, leaseDurationSeconds: this.durationSeconds, renewTime: microTime(now) };
    // As the kubelet's setNodeOwnerFunc: an owner is added to a lease that has none, never replaced.
    const metadata = (lease.metadata?.ownerReferences ?? []).length > 0 ? lease.metadata : { ...lease.metadata, ownerReferences: nodeOwner(this.nodeName, this.nodeUid) };
    this.latest = await this.client.update<LeaseObject>(leaseRef(this.nodeName), { ...lease, metadata, spec });
  }
}
