// truncateEndpoints: an Endpoints object lists at most 1000 addresses (the EndpointSlices list
// them all). Over that, not-ready addresses go first; if the ready ones alone are too many,
// each subset keeps its share of them, rounded up. Such an object is annotated over-capacity.
import type { EndpointAddress, EndpointSubset } from 'kubernetes-types/core/v1.js';

/** maxCapacity of the endpoints controller. */
export const MAX_ENDPOINTS_CAPACITY = 1000;
/** v1.EndpointsOverCapacity, set to "truncated" on an object that lists fewer addresses than there are. */
export const OVER_CAPACITY_ANNOTATION = 'endpoints.kubernetes.io/over-capacity';

const count = (subsets: readonly EndpointSubset[], field: 'addresses' | 'notReadyAddresses') => subsets.reduce((n, s) => n + (s[field]?.length ?? 0), 0);

function withAddresses(subset: EndpointSubset, field: 'addresses' | 'notReadyAddresses', addresses: EndpointAddress[]): EndpointSubset {
  const next = { ...subset };
  if (addresses.length > 0) next[field] = addresses;
  else delete next[field];
  return next;
}

export function truncateSubsets(subsets: EndpointSubset[], capacity = MAX_ENDPOINTS_CAPACITY): { subsets: EndpointSubset[]; truncated: boolean } {
  const ready = count(subsets, 'addresses');
  const notReady = count(subsets, 'notReadyAddresses');
  if (ready + notReady <= capacity) return { subsets, truncated: false };
  const truncateReady = ready > capacity;
  const field = truncateReady ? 'addresses' : 'notReadyAddresses';
  const max = truncateReady ? capacity : capacity - ready;
  const total = truncateReady ? ready : notReady;
  let room = max;
  const result = subsets.map((subset) => {
    const addresses = subset[field] ?? [];
    const share = Math.min(Math.ceil((addresses.length / total) * max), room);
    room -= Math.min(share, addresses.length);
    const kept = withAddresses(subset, field, addresses.slice(0, share));
    return truncateReady ? withAddresses(kept, 'notReadyAddresses', []) : kept;
  });
  return { subsets: result, truncated: true };
}
