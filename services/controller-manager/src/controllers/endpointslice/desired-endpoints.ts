// What the EndpointSlice reconciler wants of one pod (endpointslice utils): its endpoint of
// an address type, the ports it serves for the service, and the keys that group them.
import type { KubeObject } from '@kubeling/client';
import type { Node, Pod, Service } from 'kubernetes-types/core/v1.js';
import type { Endpoint, EndpointPort, EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import { isPodReady } from '../../controller-utils/pod-readiness.js';
import { findPort, ipFamilyOf, isServiceIpSet, podIps, shouldSetHostname } from '../../controller-utils/service-pods.js';

export type SliceObject = EndpointSlice & KubeObject;
export type AddressType = 'IPv4' | 'IPv6';

/** discovery.LabelServiceName: the service a slice belongs to. */
export const LABEL_SERVICE_NAME = 'kubernetes.io/service-name';
/** discovery.LabelManagedBy, and this controller's value of it. */
export const LABEL_MANAGED_BY = 'endpointslice.kubernetes.io/managed-by';
export const CONTROLLER_NAME = 'endpointslice-controller.k8s.io';
/** v1.LabelTopologyZone: the node's zone, copied onto its endpoints. */
const LABEL_TOPOLOGY_ZONE = 'topology.kubernetes.io/zone';

/**
 * getAddressTypesForService: the service's IP families; without them the family of its
 * cluster IP, and both for a headless service (so nothing is dropped until it is defaulted).
 */
export function addressTypesForService(service: Service): AddressType[] {
  const families = (service.spec?.ipFamilies ?? []).filter((f): f is AddressType => f === 'IPv4' || f === 'IPv6');
  if (families.length > 0) return [...new Set(families)];
  if (isServiceIpSet(service)) return [ipFamilyOf(service.spec!.clusterIP!)];
  return ['IPv4', 'IPv6'];
}

/** getEndpointPorts: one port per service port the pod resolves; none for a headless service without ports. */
export function endpointPorts(service: Service, pod: Pod): EndpointPort[] {
  const ports: EndpointPort[] = [];
  for (const servicePort of service.spec?.ports ?? []) {
    const port = findPort(pod, servicePort);
    if (port === undefined) continue;
    const endpointPort: EndpointPort = { name: servicePort.name ?? '', port, protocol: servicePort.protocol ?? 'TCP' };
    if (servicePort.appProtocol) endpointPort.appProtocol = servicePort.appProtocol;
    ports.push(endpointPort);
  }
  return ports;
}

const normalPort = (p: EndpointPort) => [p.name ?? '', p.port ?? 0, p.protocol ?? 'TCP', p.appProtocol ?? ''] as const;

/** NewPortMapKey: the same for the same set of ports in any order. */
export function portMapKey(ports: readonly EndpointPort[] | undefined): string {
  return JSON.stringify((ports ?? []).map((p) => JSON.stringify(normalPort(p))).sort());
}

/** hashEndpoint: which pod address an endpoint is (its state aside), to match desired endpoints with existing ones. */
export function endpointKey(endpoint: Endpoint): string {
  return JSON.stringify([[...endpoint.addresses].sort(), endpoint.hostname ?? '', endpoint.targetRef?.namespace ?? '', endpoint.targetRef?.name ?? '']);
}

/**
 * podToEndpoint: the pod's addresses of the type; ready only when serving and not terminating
 * (or publishNotReadyAddresses says so); its node, the node's zone and hostname when known.
 */
export function podToEndpoint(pod: Pod, node: Node | undefined, service: Service, addressType: AddressType): Endpoint {
  const serving = isPodReady(pod);
  const terminating = !!pod.metadata?.deletionTimestamp;
  const ready = service.spec?.publishNotReadyAddresses === true || (serving && !terminating);
  const endpoint: Endpoint = {
    addresses: podIps(pod).filter((ip) => ipFamilyOf(ip) === addressType),
    conditions: { ready, serving, terminating },
    targetRef: { kind: 'Pod', namespace: pod.metadata?.namespace, name: pod.metadata?.name, uid: pod.metadata?.uid },
  };
  if (pod.spec?.nodeName) endpoint.nodeName = pod.spec.nodeName;
  const zone = node?.metadata?.labels?.[LABEL_TOPOLOGY_ZONE];
  if (zone) endpoint.zone = zone;
  if (shouldSetHostname(pod, service)) endpoint.hostname = pod.spec!.hostname;
  return endpoint;
}
