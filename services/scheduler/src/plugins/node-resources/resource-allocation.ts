// Scoring a node by how its resources would be used with the pod on it (resourceAllocationScorer):
// for each configured resource, the node's allocatable and what would be requested, fed to a
// strategy (least allocated, most allocated, balanced).
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { NodeInfo } from '../../framework/node-info.js';
import { NON_ZERO_DEFAULTS, podRequests } from '../../framework/pod-requests.js';
import { CPU, EPHEMERAL_STORAGE, isScalarResourceName, MEMORY } from '../../framework/resource-names.js';
import { milliValue, unitValue } from '../../framework/resource.js';
import type { ResourceSpec } from './resource-spec.js';

/** A strategy: one score in [0, 100] from requested and allocatable amounts, resource by resource (0 allocatable = skip). */
export type AllocationScorer = (requested: readonly number[], allocatable: readonly number[]) => number;

export class ResourceAllocationScorer {
  constructor(
    readonly resources: readonly ResourceSpec[],
    private readonly scorer: AllocationScorer,
    /**
     * Count requests as they are (BalancedAllocation) rather than with 100m cpu and 200Mi memory for
     * containers that request none (Fit's scores), which keeps request-less pods from piling up.
     */
    private readonly useRequested: boolean,
  ) {}

  /** The pod's request for each configured resource: millicores for cpu, units for the rest. */
  podRequests(pod: Pod): number[] {
    const requests = podRequests(pod, this.useRequested ? {} : { nonMissingContainerRequests: NON_ZERO_DEFAULTS });
    return this.resources.map(({ name }) => {
      const nano = requests.get(name) ?? 0n;
      return name === CPU ? milliValue(nano) : unitValue(nano);
    });
  }

  /** Scores one node; the two arrays are reused from node to node, since this runs for hundreds of nodes per pod. */
  score(nodeInfo: NodeInfo, podRequests: readonly number[]): number {
    const requested = this.requested;
    const allocatable = this.allocatable;
    for (let i = 0; i < this.resources.length; i++) {
      allocatable[i] = this.allocatableOf(nodeInfo, this.resources[i].name, podRequests[i]);
      requested[i] = allocatable[i] === 0 ? 0 : this.requestedWith(nodeInfo, this.resources[i].name, podRequests[i]);
    }
    return this.scorer(requested, allocatable);
  }

  private readonly requested: number[] = [];
  private readonly allocatable: number[] = [];

  /** calculateResourceAllocatableRequest's allocatable; 0 leaves the resource out. */
  private allocatableOf(nodeInfo: NodeInfo, resource: string, podRequest: number): number {
    // An extended resource the pod does not ask for says nothing about this pod's fit.
    if (podRequest === 0 && isScalarResourceName(resource)) return 0;
    switch (resource) {
      case CPU:
        return nodeInfo.allocatable.milliCPU;
      case MEMORY:
        return nodeInfo.allocatable.memory;
      case EPHEMERAL_STORAGE:
        return nodeInfo.allocatable.ephemeralStorage;
      default:
        return nodeInfo.allocatable.scalarResources.has(resource) ? nodeInfo.allocatable.scalar(resource) : 0;
    }
  }

  /** What the node would have requested with the pod on it. */
  private requestedWith(nodeInfo: NodeInfo, resource: string, podRequest: number): number {
    const requested = this.useRequested ? nodeInfo.requested : nodeInfo.nonZeroRequested;
    switch (resource) {
      case CPU:
        return requested.milliCPU + podRequest;
      case MEMORY:
        return requested.memory + podRequest;
      case EPHEMERAL_STORAGE:
        return nodeInfo.requested.ephemeralStorage + podRequest;
      default:
        return nodeInfo.requested.scalar(resource) + podRequest;
    }
  }
}
