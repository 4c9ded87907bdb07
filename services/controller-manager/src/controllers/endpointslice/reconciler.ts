// The EndpointSlice reconciler (staging/src/k8s.io/endpointslice/reconciler.go) as a pure plan:
// per address type and per distinct port set, existing slices keep the endpoints still wanted
// (updated in place when one changed), fill up with new ones to maxEndpointsPerSlice, and
// only what fits nowhere goes to new slices; slices left empty are deleted, and a service
// without endpoints keeps one empty placeholder slice.
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import type { Endpoint, EndpointPort } from 'kubernetes-types/discovery/v1.js';
import { isDeepStrictEqual } from 'node:util';
import { shouldPodBeInEndpoints, type ServiceObject } from '../../controller-utils/service-pods.js';
import { addressTypesForService, endpointKey, endpointPorts, podToEndpoint, portMapKey, type AddressType, type SliceObject } from './desired-endpoints.js';
import { isPlaceholderOf, newEndpointSlice, ownedBy, sliceLabels } from './slice-meta.js';

export interface ReconcileInput {
  service: ServiceObject;
  pods: readonly Pod[];
  /** The service's slices managed by this controller, as the cache has them. */
  existing: readonly SliceObject[];
  nodeOf(name: string): Node | undefined;
  maxEndpointsPerSlice: number;
}

export interface SlicePlan {
  create: SliceObject[];
  update: SliceObject[];
  delete: SliceObject[];
  /** Pods left out because their node is not in the cache: the sync is to be retried. */
  podsWithoutNode: string[];
}

/** Endpoints by endpointKey, in the order they were found. */
type EndpointSet = Map<string, Endpoint>;

interface Desired {
  ports: EndpointPort[];
  endpoints: EndpointSet;
}

export function planSlices(input: ReconcileInput): SlicePlan {
  const types = addressTypesForService(input.service);
  const plan: SlicePlan = { create: [], update: [], delete: [], podsWithoutNode: [] };
  for (const type of types) {
    const part = reconcileByAddressType(input, type, input.existing.filter((s) => s.addressType === type), plan.podsWithoutNode);
    plan.create.push(...part.create);
    plan.update.push(...part.update);
    plan.delete.push(...part.delete);
  }
  // The service no longer has that address type.
  plan.delete.push(...input.existing.filter((s) => !types.includes(s.addressType as AddressType)));
  return plan;
}

function desiredByPortMap(input: ReconcileInput, addressType: AddressType, podsWithoutNode: string[]): Map<string, Desired> {
  const { service } = input;
  const desired = new Map<string, Desired>();
  for (const pod of input.pods) {
    if (!shouldPodBeInEndpoints(pod, true)) continue;
    const node = pod.spec?.nodeName ? input.nodeOf(pod.spec.nodeName) : undefined;
    // A pod on a node that does not exist is left out (and the sync retried), unless the user asked for every address.
    if (!node && !service.spec?.publishNotReadyAddresses) {
      if (!podsWithoutNode.includes(pod.metadata!.name!)) podsWithoutNode.push(pod.metadata!.name!);
      continue;
    }
    const ports = endpointPorts(service, pod);
    const key = portMapKey(ports);
    let entry = desired.get(key);
    if (!entry) desired.set(key, (entry = { ports, endpoints: new Map() }));
    const endpoint = podToEndpoint(pod, node, service, addressType);
    if (endpoint.addresses.length > 0) entry.endpoints.set(endpointKey(endpoint), endpoint);
  }
  return desired;
}

function reconcileByAddressType(input: ReconcileInput, addressType: AddressType, existing: SliceObject[], podsWithoutNode: string[]): Omit<SlicePlan, 'podsWithoutNode'> {
  const { service } = input;
  const create: SliceObject[] = [];
  const update: SliceObject[] = [];
  const remove: SliceObject[] = [];
  const existingByPortMap = new Map<string, SliceObject[]>();
  for (const slice of existing) {
    // Slices of an older service of the same name go.
    if (!ownedBy(slice, service)) remove.push(slice);
    else existingByPortMap.set(portMapKey(slice.ports), [...(existingByPortMap.get(portMapKey(slice.ports)) ?? []), slice]);
  }
  const desired = desiredByPortMap(input, addressType, podsWithoutNode);
  for (const [key, { ports, endpoints }] of desired) {
    const part = reconcileByPortMapping(service, existingByPortMap.get(key) ?? [], endpoints, () => newEndpointSlice(service, ports, addressType), input.maxEndpointsPerSlice);
    create.push(...part.create);
    update.push(...part.update);
    remove.push(...part.delete);
  }
  for (const [key, slices] of existingByPortMap) if (!desired.has(key)) remove.push(...slices);

  // A service without endpoints keeps one empty slice.
  if (existing.length === remove.length && create.length === 0) {
    const placeholder = newEndpointSlice(service, [], addressType);
    if (remove.length === 1 && isPlaceholderOf(remove[0]!, placeholder)) remove.length = 0;
    else create.push(placeholder);
  }
  return finalize(service, create, update, remove);
}

interface PortMappingPlan {
  create: SliceObject[];
  update: SliceObject[];
  delete: SliceObject[];
}

function reconcileByPortMapping(service: ServiceObject, existing: SliceObject[], desired: EndpointSet, newSlice: () => SliceObject, max: number): PortMappingPlan {
  const plan: PortMappingPlan = { create: [], update: [], delete: [] };
  const unchanged: SliceObject[] = [];
  const labels = sliceLabels(service);

  // 1. Existing slices keep their endpoints that are still desired, updated if they changed.
  for (const slice of existing) {
    const kept: Endpoint[] = [];
    let changed = false;
    for (const endpoint of slice.endpoints ?? []) {
      const key = endpointKey(endpoint);
      const want = desired.get(key);
      if (!want) continue;
      kept.push(want);
      if (!isDeepStrictEqual(want, endpoint)) changed = true;
      desired.delete(key);
    }
    const labelsChanged = !isDeepStrictEqual(slice.metadata?.labels ?? {}, labels);
    if (changed || kept.length !== (slice.endpoints ?? []).length) {
      if (kept.length === 0) plan.delete.push(slice);
      else plan.update.push({ ...slice, metadata: { ...slice.metadata, labels }, endpoints: kept });
    } else if (labelsChanged) plan.update.push({ ...slice, metadata: { ...slice.metadata, labels } });
    else unchanged.push(slice);
  }

  // 2. Slices being updated anyway are filled up first, the fullest first.
  const take = (slice: SliceObject) => {
    const endpoints = [...(slice.endpoints ?? [])];
    for (const [key, endpoint] of desired) {
      if (endpoints.length >= max) break;
      endpoints.push(endpoint);
      desired.delete(key);
    }
    slice.endpoints = endpoints;
  };
  if (desired.size > 0) [...plan.update].sort((a, b) => (b.endpoints?.length ?? 0) - (a.endpoints?.length ?? 0)).forEach(take);

  // 3. What is left goes into an unchanged slice it fits in whole, else into new slices.
  while (desired.size > 0) {
    const fill = desired.size < max ? sliceToFill(unchanged, desired.size, max) : undefined;
    if (fill) {
      unchanged.splice(unchanged.indexOf(fill), 1);
      const copy = { ...fill };
      take(copy);
      plan.update.push(copy);
    } else {
      const slice = newSlice();
      take(slice);
      plan.create.push(slice);
    }
  }
  return plan;
}

/** getSliceToFill: the slice that the endpoints fill closest to full, if any can take them all. */
function sliceToFill(slices: SliceObject[], count: number, max: number): SliceObject | undefined {
  let best: SliceObject | undefined;
  let bestRoom = max;
  for (const slice of slices) {
    const room = max - (count + (slice.endpoints?.length ?? 0));
    if (room >= 0 && room < bestRoom) {
      best = slice;
      bestRoom = room;
    }
  }
  return best;
}

/**
 * finalize: a slice to create and one to delete become one update of the latter (same address
 * type, owned by this service), so endpoints move without a slice churning. The update is
 * conditional on the deleted slice's resourceVersion.
 */
function finalize(service: ServiceObject, create: SliceObject[], update: SliceObject[], remove: SliceObject[]): PortMappingPlan {
  const kept: SliceObject[] = [];
  for (const old of remove) {
    const next = create.at(-1);
    if (next && next.addressType === old.addressType && ownedBy(old, service)) {
      create.pop();
      update.push({ ...next, metadata: { ...next.metadata, name: old.metadata!.name, resourceVersion: old.metadata!.resourceVersion } });
    } else kept.push(old);
  }
  return { create, update, delete: kept };
}
