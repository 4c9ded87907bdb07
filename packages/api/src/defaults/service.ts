// Services as a Kubernetes 1.32 apiserver stores them: SetDefaults_Service, plus the IP families
// the service REST storage fills in for a single-stack IPv4 cluster.
import { child, defaultNil, defaultZero, isEmpty, items, optional, type Obj } from './fields.js';

/** v1.DefaultClientIPServiceAffinitySeconds: three hours. */
const CLIENT_IP_AFFINITY_SECONDS = 10800;
/** This cluster's only service IP family (service CIDR 10.96.0.0/16). */
const PRIMARY_IP_FAMILY = 'IPv4';

function defaultSessionAffinity(spec: Obj): void {
  defaultZero(spec, 'sessionAffinity', 'None');
  if (spec.sessionAffinity === 'None') delete spec.sessionAffinityConfig;
  if (spec.sessionAffinity !== 'ClientIP') return;
  const clientIP = optional(optional(spec, 'sessionAffinityConfig'), 'clientIP');
  if (clientIP?.timeoutSeconds === undefined || clientIP.timeoutSeconds === null) {
    spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: CLIENT_IP_AFFINITY_SECONDS } };
  }
}

/** A target port of 0 or '' (or none) means the service port itself. */
function defaultPort(port: Obj): void {
  defaultZero(port, 'protocol', 'TCP');
  if (typeof port.port === 'number') defaultZero(port, 'targetPort', port.port);
}

/** service.ExternallyAccessible: reachable from outside the cluster. */
function externallyAccessible(spec: Obj): boolean {
  return spec.type === 'LoadBalancer' || spec.type === 'NodePort' || (spec.type === 'ClusterIP' && !isEmpty(spec.externalIPs));
}

function defaultTrafficPolicies(spec: Obj): void {
  if (externallyAccessible(spec)) defaultZero(spec, 'externalTrafficPolicy', 'Cluster');
  if (['ClusterIP', 'NodePort', 'LoadBalancer'].includes(spec.type as string)) defaultNil(spec, 'internalTrafficPolicy', 'Cluster');
}

function defaultLoadBalancer(service: Obj, spec: Obj): void {
  if (spec.type !== 'LoadBalancer') return;
  defaultNil(spec, 'allocateLoadBalancerNodePorts', true);
  for (const ingress of items(optional(optional(service, 'status'), 'loadBalancer'), 'ingress')) {
    if (!isEmpty(ingress.ip)) defaultNil(ingress, 'ipMode', 'VIP');
  }
}

/** The cluster IPs as the client wrote them: old clients send only the singular field. */
function clusterIPs(spec: Obj): string[] {
  if (Array.isArray(spec.clusterIPs) && spec.clusterIPs.length > 0) return spec.clusterIPs.map(String);
  return isEmpty(spec.clusterIP) ? [] : [String(spec.clusterIP)];
}

function otherFamily(family: unknown): string {
  return family === 'IPv6' ? 'IPv4' : 'IPv6';
}

/**
 * tryDefaultValidateServiceClusterIPFields: families follow the given cluster IPs; a headless
 * service without a selector asks for both families; anything else gets SingleStack [IPv4].
 */
function defaultIPFamilies(spec: Obj): void {
  if (spec.type === 'ExternalName') return;
  const ips = clusterIPs(spec);
  const families = Array.isArray(spec.ipFamilies) ? [...spec.ipFamilies] : [];
  const assigned = ips[0] === 'None' ? [] : ips;
  assigned.slice(families.length).forEach((ip) => families.push(ip.includes(':') ? 'IPv6' : 'IPv4'));
  if (ips[0] === 'None' && isEmpty(spec.selector)) {
    defaultNil(spec, 'ipFamilyPolicy', 'RequireDualStack');
    if (families.length === 0) families.push(PRIMARY_IP_FAMILY);
    if (families.length < 2 && spec.ipFamilyPolicy === 'RequireDualStack') families.push(otherFamily(families[0]));
  } else {
    defaultNil(spec, 'ipFamilyPolicy', 'SingleStack');
    if (families.length === 0) families.push(PRIMARY_IP_FAMILY);
  }
  spec.ipFamilies = families;
}

export function defaultService(service: Obj): void {
  const spec = child(service, 'spec');
  defaultSessionAffinity(spec);
  defaultZero(spec, 'type', 'ClusterIP');
  items(spec, 'ports').forEach(defaultPort);
  defaultTrafficPolicies(spec);
  defaultLoadBalancer(service, spec);
  defaultIPFamilies(spec);
  // ServiceStatus and its LoadBalancerStatus are structs, serialized even when empty.
  child(child(service, 'status'), 'loadBalancer');
}
