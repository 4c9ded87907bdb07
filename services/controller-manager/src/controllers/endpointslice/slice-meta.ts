// The metadata of the slices this controller writes for a service: generateName
// `<service>-`, the service's labels plus the reserved ones, and the service as controller.
import type { EndpointPort } from 'kubernetes-types/discovery/v1.js';
import { isDeepStrictEqual } from 'node:util';
import { newControllerRef, ownerReferencesOf } from '../../controller-utils/controller-ref.js';
import { HEADLESS_SERVICE_LABEL, isServiceIpSet, type ServiceObject } from '../../controller-utils/service-pods.js';
import { CONTROLLER_NAME, LABEL_MANAGED_BY, LABEL_SERVICE_NAME, type AddressType, type SliceObject } from './desired-endpoints.js';

const RESERVED_LABELS = new Set([LABEL_SERVICE_NAME, LABEL_MANAGED_BY, HEADLESS_SERVICE_LABEL]);

/** setEndpointSliceLabels: the service's labels but the reserved ones, headless when it has no cluster IP, and the service-name and managed-by labels. */
export function sliceLabels(service: ServiceObject): Record<string, string> {
  const labels = Object.fromEntries(Object.entries(service.metadata?.labels ?? {}).filter(([key]) => !RESERVED_LABELS.has(key)));
  if (!isServiceIpSet(service)) labels[HEADLESS_SERVICE_LABEL] = '';
  labels[LABEL_SERVICE_NAME] = service.metadata!.name!;
  labels[LABEL_MANAGED_BY] = CONTROLLER_NAME;
  return labels;
}

/** The slice holds an owner reference to this very service (not to an older one of the same name). */
export function ownedBy(slice: SliceObject, service: ServiceObject): boolean {
  return ownerReferencesOf(slice).some((ref) => ref.kind === 'Service' && ref.apiVersion === 'v1' && ref.uid === service.metadata?.uid);
}

export function managedByController(slice: SliceObject): boolean {
  return slice.metadata?.labels?.[LABEL_MANAGED_BY] === CONTROLLER_NAME;
}

/** newEndpointSlice: an empty slice of these ports, to be filled and created. */
export function newEndpointSlice(service: ServiceObject, ports: EndpointPort[], addressType: AddressType): SliceObject {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      generateName: `${service.metadata!.name}-`,
      namespace: service.metadata!.namespace,
      labels: sliceLabels(service),
      ownerReferences: [newControllerRef(service, { apiVersion: 'v1', kind: 'Service' })],
    },
    addressType,
    endpoints: [],
    ports,
  };
}

/** placeholderSliceCompare: an existing slice that is the empty placeholder wanted (same labels, no ports, no endpoints). */
export function isPlaceholderOf(slice: SliceObject, placeholder: SliceObject): boolean {
  return (
    slice.addressType === placeholder.addressType &&
    (slice.endpoints ?? []).length === 0 &&
    (slice.ports ?? []).length === 0 &&
    isDeepStrictEqual(slice.metadata?.labels ?? {}, placeholder.metadata?.labels)
  );
}
