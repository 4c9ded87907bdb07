import type { ApiClient, KubeObject } from './api-client.js';

/** Who holds a lock and since when (client-go's LeaderElectionRecord); times are MicroTime strings. */
export interface LeaderElectionRecord {
  holderIdentity: string;
  leaseDurationSeconds: number;
  acquireTime: string;
  renewTime: string;
  leaseTransitions: number;
}

/** A coordination.k8s.io/v1 Lease, as far as leader election uses it. */
export interface Lease extends KubeObject {
  spec?: Partial<LeaderElectionRecord>;
}

/** The calls a lock makes; an ApiClient is one. */
export type LeaseClient = Pick<ApiClient, 'get' | 'create' | 'update'>;

const LEASES = { group: 'coordination.k8s.io', version: 'v1', resource: 'leases' };

export { microTime } from '@kubeling/api/meta-time';

/**
 * A leader-election lock on a Lease (client-go's resourcelock.LeaseLock). update() writes
 * over the Lease last read or written, resourceVersion included, so it fails with 409
 * Conflict when anyone wrote in between.
 */
export class LeaseLock {
  private lease?: Lease;

  constructor(
    private readonly client: LeaseClient,
    readonly namespace: string,
    readonly name: string,
    /** This candidate's holderIdentity, unique among the candidates (the hostname plus a random part, as kube-scheduler). */
    readonly identity: string,
  ) {}

  /** The Lease's record; rejects with a 404 ApiClientError when there is no Lease. */
  async get(): Promise<LeaderElectionRecord> {
    this.lease = await this.client.get<Lease>({ ...LEASES, namespace: this.namespace, name: this.name });
    return recordOf(this.lease);
  }

  async create(record: LeaderElectionRecord): Promise<void> {
    const lease: Lease = { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: this.name, namespace: this.namespace }, spec: record };
    this.lease = await this.client.create<Lease>({ ...LEASES, namespace: this.namespace }, lease);
  }

  async update(record: LeaderElectionRecord): Promise<void> {
    if (!this.lease) throw new Error('lease not initialized, call get or create first');
    this.lease = await this.client.update<Lease>({ ...LEASES, namespace: this.namespace, name: this.name }, { ...this.lease, spec: { ...this.lease.spec, ...record } });
  }

  describe(): string {
    return `${this.namespace}/${this.name}`;
  }
}

function recordOf(lease: Lease): LeaderElectionRecord {
  const spec = lease.spec ?? {};
  return {
    holderIdentity: spec.holderIdentity ?? '',
    leaseDurationSeconds: spec.leaseDurationSeconds ?? 0,
    acquireTime: spec.acquireTime ?? '',
    renewTime: spec.renewTime ?? '',
    leaseTransitions: spec.leaseTransitions ?? 0,
  };
}
