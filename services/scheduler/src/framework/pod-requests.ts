// A pod's effective resource requests (resourcehelper.PodRequests), the amount the scheduler
// reserves for it on a node: the larger of the app containers' sum and what any init container
// needs while it runs, where sidecars (init containers with restartPolicy Always, Kubernetes
// 1.29+) keep running beside everything started after them; plus the pod's overhead.
import type { Container, Pod } from 'kubernetes-types/core/v1.js';
import { CPU, MEMORY } from './resource-names.js';
import { parseResourceList, Resource, type ResourceList } from './resource.js';

/** schedutil.DefaultMilliCPURequest: what a container without a cpu request counts as when scoring. */
const DEFAULT_MILLI_CPU_REQUEST = 100;
/** schedutil.DefaultMemoryRequest: 200 MiB for a container without a memory request when scoring. */
const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

/**
 * Requests put in for containers that do not state them, so that pods without requests are not
 * all packed onto one node by scoring (the scheduler's "non-zero" requests). Only used for scores.
 */
export const NON_ZERO_DEFAULTS: ResourceList = new Map([
  [CPU, BigInt(DEFAULT_MILLI_CPU_REQUEST) * 1_000_000n],
  [MEMORY, BigInt(DEFAULT_MEMORY_REQUEST) * 1_000_000_000n],
]);

export interface PodResourcesOptions {
  /** Amounts for resources a container does not request at all (an explicit zero is kept). */
  nonMissingContainerRequests?: ResourceList;
  excludeOverhead?: boolean;
}

function addInto(sum: Map<string, bigint>, list: ResourceList): void {
  for (const [name, nano] of list) sum.set(name, (sum.get(name) ?? 0n) + nano);
}

function maxInto(max: Map<string, bigint>, list: ResourceList): void {
  for (const [name, nano] of list) {
    const current = max.get(name);
    if (current === undefined || nano > current) max.set(name, nano);
  }
}

function containerRequests(container: Container, options: PodResourcesOptions): ResourceList {
  const requests = parseResourceList(container.resources?.requests);
  for (const [name, nano] of options.nonMissingContainerRequests ?? []) {
    if (!requests.has(name)) requests.set(name, nano);
  }
  return requests;
}

const isSidecar = (container: Container): boolean => container.restartPolicy === 'Always';

/** The container part of PodRequests: app containers and sidecars summed, then the init phase's peak. */
function aggregateContainerRequests(pod: Pod, options: PodResourcesOptions): Map<string, bigint> {
  const result = new Map<string, bigint>();
  for (const container of pod.spec?.containers ?? []) addInto(result, containerRequests(container, options));

  // While init container i runs, the sidecars started before it run too.
  const sidecars = new Map<string, bigint>();
  const initPeak = new Map<string, bigint>();
  for (const container of pod.spec?.initContainers ?? []) {
    const requests = containerRequests(container, options);
    if (isSidecar(container)) {
      addInto(result, requests);
      addInto(sidecars, requests);
      maxInto(initPeak, sidecars);
    } else {
      const whileRunning = new Map(requests);
      addInto(whileRunning, sidecars);
      maxInto(initPeak, whileRunning);
    }
  }
  maxInto(result, initPeak);
  return result;
}

export function podRequests(pod: Pod, options: PodResourcesOptions = {}): Map<string, bigint> {
  const requests = aggregateContainerRequests(pod, options);
  if (!options.excludeOverhead) addInto(requests, parseResourceList(pod.spec?.overhead));
  return requests;
}

/** What the pod reserves on a node, for the Fit filter and NodeInfo.requested. */
export function podResourceRequest(pod: Pod): Resource {
  return Resource.fromList(podRequests(pod));
}

/** The pod's cpu (millicores) and memory (bytes) with the non-zero defaults, for NodeInfo.nonZeroRequested. */
export function podNonZeroRequest(pod: Pod): { milliCPU: number; memory: number } {
  const requests = Resource.fromList(podRequests(pod, { nonMissingContainerRequests: NON_ZERO_DEFAULTS }));
  return { milliCPU: requests.milliCPU, memory: requests.memory };
}
