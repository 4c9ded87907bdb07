// The pod's QoS class (pkg/apis/core/helper/qos.GetPodQOS), which the pod strategy writes into
// status.qosClass on create.
import { Quantity, QuantityError } from '../validation/quantity.js';
import { items, optional, type Obj } from './fields.js';

export type QOSClass = 'Guaranteed' | 'Burstable' | 'BestEffort';

const QOS_RESOURCES = ['cpu', 'memory'];

/** The positive cpu and memory quantities of a resource list, in nano units. */
function positiveQuantities(list: Obj | undefined): Map<string, bigint> {
  const result = new Map<string, bigint>();
  for (const name of QOS_RESOURCES) {
    if (list?.[name] === undefined) continue;
    try {
      const nano = Quantity.fromJson(list[name]).nano;
      if (nano > 0n) result.set(name, nano);
    } catch (err) {
      if (!(err instanceof QuantityError)) throw err;
    }
  }
  return result;
}

function addInto(sums: Map<string, bigint>, values: Map<string, bigint>): void {
  for (const [name, nano] of values) sums.set(name, (sums.get(name) ?? 0n) + nano);
}

/** Guaranteed when every container limits cpu and memory and requests equal limits. */
export function podQOSClass(spec: Obj): QOSClass {
  const requests = new Map<string, bigint>();
  const limits = new Map<string, bigint>();
  let everyContainerLimitsAll = true;
  for (const container of [...items(spec, 'containers'), ...items(spec, 'initContainers')]) {
    const resources = optional(container, 'resources');
    addInto(requests, positiveQuantities(optional(resources, 'requests')));
    const containerLimits = positiveQuantities(optional(resources, 'limits'));
    addInto(limits, containerLimits);
    if (containerLimits.size < QOS_RESOURCES.length) everyContainerLimitsAll = false;
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  const requestsMatchLimits = [...requests].every(([name, nano]) => limits.get(name) === nano);
  return everyContainerLimitsAll && requestsMatchLimits && requests.size === limits.size ? 'Guaranteed' : 'Burstable';
}
