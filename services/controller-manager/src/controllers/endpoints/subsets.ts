// The subsets a service's Endpoints should have (the loop of the endpoints controller's
// syncService): each selected pod with an IP is an address of every port it resolves,
// ready or not ready by its Ready condition, then repacked by port set.
import { isPodReady } from '../../controller-utils/pod-readiness.js';
import { findPort, ipFamilyOf, isServiceIpSet, podIps, shouldPodBeInEndpoints, shouldSetHostname } from '../../controller-utils/service-pods.js';
import type { EndpointAddress, EndpointPort, EndpointSubset, Pod, Service, ServicePort } from 'kubernetes-types/core/v1.js';
import { repackSubsets } from './repack-subsets.js';

/** The service's IP family: its first ipFamilies entry, else that of its cluster IP, else (headless) that of the pod's IP. */
function serviceIpFamily(service: Service, pod: Pod): string {
  const families = service.spec?.ipFamilies ?? [];
  if (families.length > 0) return families[0]!;
  if (isServiceIpSet(service)) return ipFamilyOf(service.spec!.clusterIP!);
  return ipFamilyOf(podIps(pod)[0] ?? '');
}

/** podToEndpointAddressForService: the pod's IP of the service's family, its node and a reference to it; undefined without such an IP. */
export function podToEndpointAddress(service: Service, pod: Pod): EndpointAddress | undefined {
  const family = serviceIpFamily(service, pod);
  const ip = podIps(pod).find((candidate) => ipFamilyOf(candidate) === family);
  if (!ip) return undefined;
  const address: EndpointAddress = { ip, targetRef: { kind: 'Pod', namespace: pod.metadata?.namespace, name: pod.metadata?.name, uid: pod.metadata?.uid } };
  if (pod.spec?.nodeName) address.nodeName = pod.spec.nodeName;
  if (shouldSetHostname(pod, service)) address.hostname = pod.spec!.hostname;
  return address;
}

function endpointPort(servicePort: ServicePort, port: number): EndpointPort {
  const result: EndpointPort = { port, protocol: servicePort.protocol ?? 'TCP' };
  if (servicePort.name) result.name = servicePort.name;
  if (servicePort.appProtocol) result.appProtocol = servicePort.appProtocol;
  return result;
}

/** The port sets the pod is an address of: one per service port it resolves; one without ports for a headless service that has none. */
function podPortSets(service: Service, pod: Pod): EndpointPort[][] {
  const servicePorts = service.spec?.ports ?? [];
  if (servicePorts.length === 0) return service.spec?.clusterIP === 'None' ? [[]] : [];
  const sets: EndpointPort[][] = [];
  for (const servicePort of servicePorts) {
    const port = findPort(pod, servicePort);
    // A pod lacking a named target port is left out of that port's subset only.
    if (port !== undefined) sets.push([endpointPort(servicePort, port)]);
  }
  return sets;
}

export function desiredSubsets(service: Service, pods: readonly Pod[]): EndpointSubset[] {
  const tolerateUnready = service.spec?.publishNotReadyAddresses === true;
  const subsets: EndpointSubset[] = [];
  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod, tolerateUnready)) continue;
    const address = podToEndpointAddress(service, pod);
    if (!address) continue;
    const ready = tolerateUnready || isPodReady(pod);
    for (const ports of podPortSets(service, pod)) {
      const subset: EndpointSubset = ready ? { addresses: [address] } : { notReadyAddresses: [address] };
      if (ports.length) subset.ports = ports;
      subsets.push(subset);
    }
  }
  return repackSubsets(subsets);
}
