// The downward API's container resources (env resourceFieldRef and downwardAPI volume items), as
// the kubelet computes them: a missing limit is the node's allocatable amount
// (defaultPodLimitsForDownwardAPI), and values are divided by the divisor rounding up
// (resource.ExtractContainerResourceValue).
import type { Container, Pod, ResourceFieldSelector } from 'kubernetes-types/core/v1.js';
import { ceilDiv, milliValue, nanoOf, ONE_NANO_UNIT, parseNano, unitValue, type ResourceList } from './quantity-values.js';

/** The resources whose missing limits default to what the node can allocate (MergeContainerResourceLimits). */
const DEFAULTED_LIMITS = ['cpu', 'memory', 'ephemeral-storage'];

export class ResourceFieldError extends Error {
  override name = 'ResourceFieldError';
}

/** The container's limits with cpu, memory and ephemeral-storage filled in from the node where unset or zero. */
export function limitsWithNodeDefaults(container: Container, allocatable: ResourceList): Record<string, string> {
  const limits: Record<string, string> = { ...(container.resources?.limits ?? {}) };
  for (const name of DEFAULTED_LIMITS) {
    if (nanoOf(limits, name) === 0n && allocatable[name] !== undefined) limits[name] = allocatable[name];
  }
  return limits;
}

function findContainer(pod: Pod, name: string): Container {
  const container = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].find((c) => c.name === name);
  if (container === undefined) throw new ResourceFieldError(`container ${name} not found`);
  return container;
}

/** convertResourceCPUToString / convertResourceMemoryToString: ceil(amount / divisor). */
function divide(resource: string, amountNano: bigint, divisorNano: bigint): string {
  if (resource === 'cpu') return ceilDiv(milliValue(amountNano), milliValue(divisorNano)).toString();
  return ceilDiv(unitValue(amountNano), unitValue(divisorNano)).toString();
}

/**
 * The value of `selector` for `container` (or, when the selector names one, that container of the
 * pod), with limits defaulted to the node's allocatable resources.
 */
export function containerResourceValue(selector: ResourceFieldSelector, pod: Pod, container: Container | undefined, allocatable: ResourceList): string {
  const target = selector.containerName ? findContainer(pod, selector.containerName) : container;
  if (target === undefined) throw new ResourceFieldError(`container ${selector.containerName ?? ''} not found`);
  const match = /^(limits|requests)\.(cpu|memory|ephemeral-storage)$/.exec(selector.resource);
  if (match === null) throw new ResourceFieldError(`unsupported container resource : ${selector.resource}`);
  const [, kind, resource] = match;
  const list = kind === 'limits' ? limitsWithNodeDefaults(target, allocatable) : target.resources?.requests;
  const divisor = selector.divisor === undefined ? 0n : parseNano(selector.divisor);
  return divide(resource, nanoOf(list, resource), divisor === 0n ? ONE_NANO_UNIT : divisor);
}
