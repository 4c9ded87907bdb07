// What the Endpoints and EndpointSlice controllers share about a Service and its pods
// (pkg/controller/util/endpoint and endpointslice/util): which services select a pod,
// which pods belong in a service's endpoints, and a service port's target port on one pod.
import { labelSelectorFromSet } from '@kubeling/api/selectors/label-selector';
import { DeletedFinalStateUnknown, metaNamespaceKeyFunc, type KubeObject, type Lister, type SharedIndexInformer } from '@kubeling/client';
import type { Container, Pod, Service, ServicePort } from 'kubernetes-types/core/v1.js';
import { isDeepStrictEqual } from 'node:util';
import { isPodReady } from './pod-readiness.js';

/** v1.IsHeadlessService: the label on the endpoints of a service without a cluster IP. */
export const HEADLESS_SERVICE_LABEL = 'service.kubernetes.io/headless';

export type ServiceObject = Service & KubeObject;
export type PodObject = Pod & KubeObject;

/**
 * Whether this controller gives the service its endpoints: it selects pods (a service
 * without a selector has endpoints its user writes) and is no ExternalName (issues.k8s.io/105986).
 */
export function selectsPods(service: Service): boolean {
  return service.spec?.type !== 'ExternalName' && Object.keys(service.spec?.selector ?? {}).length > 0;
}

/** The pods of the service's namespace its selector matches. */
export function podsOfService(service: Service, pods: Lister<PodObject>): PodObject[] {
  return pods.namespace(service.metadata!.namespace!).list(labelSelectorFromSet(service.spec!.selector));
}

/** helper.IsServiceIPSet: a cluster IP that is neither empty nor None. */
export function isServiceIpSet(service: Service): boolean {
  const ip = service.spec?.clusterIP;
  return !!ip && ip !== 'None';
}

/** The keys of the services (with a selector) in the pod's namespace whose selector matches it (GetPodServiceMemberships). */
export function podServiceKeys(pod: Pod, services: Lister<ServiceObject>): Set<string> {
  const keys = new Set<string>();
  for (const service of services.namespace(pod.metadata?.namespace ?? '').list()) {
    if (!selectsPods(service)) continue;
    if (labelSelectorFromSet(service.spec!.selector).matches(pod.metadata?.labels)) keys.add(metaNamespaceKeyFunc(service));
  }
  return keys;
}

/** The pod's IPs: status.podIPs, or status.podIP when only that is set. */
export function podIps(pod: Pod): string[] {
  const ips = (pod.status?.podIPs ?? []).map((p) => p.ip).filter((ip): ip is string => !!ip);
  if (ips.length > 0) return ips;
  return pod.status?.podIP ? [pod.status.podIP] : [];
}

/** The IP family an address is of. */
export function ipFamilyOf(ip: string): 'IPv4' | 'IPv6' {
  return ip.includes(':') ? 'IPv6' : 'IPv4';
}

const isTerminal = (pod: Pod) => pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';

/** ShouldPodBeInEndpoints: not finished, has an IP, and not being deleted unless terminating pods are wanted. */
export function shouldPodBeInEndpoints(pod: Pod, includeTerminating: boolean): boolean {
  if (isTerminal(pod) || podIps(pod).length === 0) return false;
  return includeTerminating || !pod.metadata?.deletionTimestamp;
}

/** ShouldSetHostname: the pod names a hostname and has the service as its subdomain. */
export function shouldSetHostname(pod: Pod, service: Service): boolean {
  return !!pod.spec?.hostname && pod.spec.subdomain === service.metadata?.name && pod.metadata?.namespace === service.metadata?.namespace;
}

/** Containers whose ports a service can target: the app containers and the sidecars (init containers that keep running). */
function servingContainers(pod: Pod): Container[] {
  const sidecars = (pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always');
  return [...(pod.spec?.containers ?? []), ...sidecars];
}

/**
 * podutil.FindPort: a numeric targetPort as it is; a named one is the container port of that
 * name and the service port's protocol on this pod, undefined when the pod has none.
 */
export function findPort(pod: Pod, servicePort: ServicePort): number | undefined {
  const target = servicePort.targetPort ?? servicePort.port;
  if (typeof target === 'number') return target;
  if (/^\d+$/.test(target)) return Number(target);
  const protocol = servicePort.protocol ?? 'TCP';
  for (const container of servingContainers(pod)) {
    const port = container.ports?.find((p) => p.name === target && (p.protocol ?? 'TCP') === protocol);
    if (port) return port.containerPort;
  }
  return undefined;
}

const sameLabels = (a: Pod, b: Pod) => isDeepStrictEqual(a.metadata?.labels ?? {}, b.metadata?.labels ?? {});

/**
 * podEndpointsChanged: [whether what endpoints show of the pod changed (deletion, readiness,
 * IPs, phase), whether its service membership may have (labels, hostname, subdomain)].
 */
export function podEndpointsChanged(old: Pod, cur: Pod): [podChanged: boolean, labelsChanged: boolean] {
  const labelsChanged = !sameLabels(old, cur) || old.spec?.hostname !== cur.spec?.hostname || old.spec?.subdomain !== cur.spec?.subdomain;
  const podChanged =
    old.metadata?.deletionTimestamp !== cur.metadata?.deletionTimestamp ||
    isPodReady(old) !== isPodReady(cur) ||
    podIps(old).join(',') !== podIps(cur).join(',') ||
    old.status?.phase !== cur.status?.phase;
  return [podChanged, labelsChanged];
}

/**
 * GetServicesToUpdateOnPodChange: when the pod's endpoint changed, every service of its old
 * or new labels; when only its labels did, the services it joined or left.
 */
export function servicesToUpdateOnPodChange(old: PodObject, cur: PodObject, services: Lister<ServiceObject>): Set<string> {
  if (old.metadata?.resourceVersion === cur.metadata?.resourceVersion) return new Set();
  const [podChanged, labelsChanged] = podEndpointsChanged(old, cur);
  if (!podChanged && !labelsChanged) return new Set();
  const now = podServiceKeys(cur, services);
  if (!labelsChanged) return now;
  const before = podServiceKeys(old, services);
  if (podChanged) return new Set([...before, ...now]);
  return new Set([...before, ...now].filter((key) => before.has(key) !== now.has(key)));
}

/**
 * The pod and service handlers both controllers register: a service event enqueues the
 * service; a pod event the services whose selector matches it.
 */
export function enqueueServicesOnEvents(services: SharedIndexInformer<ServiceObject>, pods: SharedIndexInformer<PodObject>, serviceLister: Lister<ServiceObject>, enqueue: (key: string) => void): void {
  const enqueueService = (obj: ServiceObject | DeletedFinalStateUnknown<ServiceObject>) => enqueue(obj instanceof DeletedFinalStateUnknown ? obj.key : metaNamespaceKeyFunc(obj));
  services.addEventHandler({ onAdd: enqueueService, onUpdate: (_old, cur) => enqueueService(cur), onDelete: enqueueService });
  const enqueueAll = (keys: Set<string>) => keys.forEach(enqueue);
  pods.addEventHandler({
    onAdd: (pod) => enqueueAll(podServiceKeys(pod, serviceLister)),
    onUpdate: (old, cur) => enqueueAll(servicesToUpdateOnPodChange(old, cur, serviceLister)),
    onDelete: (obj) => enqueueAll(podServiceKeys(obj instanceof DeletedFinalStateUnknown ? obj.obj : obj, serviceLister)),
  });
}
