// Service validation, as ValidateService and ValidateServiceUpdate in pkg/apis/core/validation, plus
// the node port range check Kubernetes' port allocator makes on create (the range is the caller's).
import { isIP } from 'node:net';
import type { Service, ServicePort } from 'kubernetes-types/core/v1.js';
import { FieldPath, duplicate, forbidden, invalid, notSupported, required, type FieldError } from './field-errors.js';
import { isDNS1123Label, isDNS1123Subdomain, validateLabels } from './names.js';
import { isValidPortNum, validatePortNumOrName, validateProtocol } from './pod.js';

export type PortRange = readonly [number, number];

const SERVICE_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'] as const;
const SESSION_AFFINITIES = ['ClientIP', 'None'] as const;
const CLUSTER_IP_NONE = 'None';

const specPath = FieldPath.of('spec');
const clusterIPsPath = specPath.child('clusterIPs');

/** spec.clusterIPs as the registry keeps it: in step with spec.clusterIP when only that one is set. */
function clusterIPs(service: Service): string[] {
  const ips = service.spec?.clusterIPs ?? [];
  const ip = service.spec?.clusterIP ?? '';
  return ips.length === 0 && ip !== '' ? [ip] : ips;
}

const isHeadless = (service: Service): boolean => {
  const ips = clusterIPs(service);
  return ips.length === 1 && ips[0] === CLUSTER_IP_NONE;
};

function validateServicePort(port: ServicePort, requireName: boolean, names: Set<string>, path: FieldPath): FieldError[] {
  const errors: FieldError[] = [];
  const name = port.name ?? '';
  if (requireName && name === '') errors.push(required(path.child('name')));
  else if (name !== '') {
    errors.push(...isDNS1123Label(name).map((message) => invalid(path.child('name'), name, message)));
    if (names.has(name)) errors.push(duplicate(path.child('name'), name));
    else names.add(name);
  }
  errors.push(...isValidPortNum(port.port).map((message) => invalid(path.child('port'), port.port, message)));
  errors.push(...validateProtocol(port.protocol, path.child('protocol')));
  // targetPort is defaulted to port; a missing one is left to defaulting.
  if (port.targetPort !== undefined) errors.push(...validatePortNumOrName(port.targetPort, path.child('targetPort')));
  return errors;
}

function validateTypeSpecifics(service: Service): FieldError[] {
  const type = service.spec?.type;
  if ((type === 'LoadBalancer' || type === 'NodePort') && isHeadless(service)) {
    return [invalid(clusterIPsPath.index(0), CLUSTER_IP_NONE, `may not be set to 'None' for ${type} services`)];
  }
  if (type !== 'ExternalName') return [];
  const errors = clusterIPs(service).length > 0 ? [forbidden(clusterIPsPath, 'may not be set for ExternalName services')] : [];
  // A CNAME may end in a dot to mark it fully qualified.
  const cname = (service.spec?.externalName ?? '').replace(/\.$/, '');
  if (cname === '') return [...errors, required(specPath.child('externalName'))];
  return [...errors, ...isDNS1123Subdomain(cname).map((message) => invalid(specPath.child('externalName'), cname, message))];
}

/** ValidateServiceClusterIPsRelatedFields, for the IPs themselves: 'None' alone and first, valid addresses, at most two. */
function validateClusterIPs(service: Service): FieldError[] {
  if (service.spec?.type === 'ExternalName') return [];
  const ips = clusterIPs(service);
  const errors = ips.flatMap((ip, i) => {
    if (i === 0 && ip === CLUSTER_IP_NONE) return ips.length > 1 ? [invalid(clusterIPsPath, ips, "'None' must be the first and only value")] : [];
    return isIP(ip) === 0 ? [invalid(clusterIPsPath.index(i), ip, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)')] : [];
  });
  if (ips.length > 2) errors.push(invalid(clusterIPsPath, ips, 'may only hold up to 2 values'));
  return errors;
}

/** Duplicate node ports and duplicate ports, each per protocol. */
function validateUniquePorts(ports: readonly ServicePort[], path: FieldPath): FieldError[] {
  const nodePorts = new Set<string>();
  const errors = ports.flatMap((port, i) => {
    if (!port.nodePort) return [];
    const key = `${port.protocol}/${port.nodePort}`;
    const seen = nodePorts.has(key);
    nodePorts.add(key);
    return seen ? [duplicate(path.index(i).child('nodePort'), port.nodePort)] : [];
  });
  const servicePorts = new Set<string>();
  ports.forEach((port, i) => {
    const key = `${port.protocol}/${port.port}`;
    if (servicePorts.has(key)) errors.push(duplicate(path.index(i), { port: port.port, protocol: port.protocol, targetPort: 0 }));
    servicePorts.add(key);
  });
  return errors;
}

/** The allocator's check of a requested node port (portallocator.ErrNotInRange). */
function validateNodePortRange(service: Service, range: PortRange | undefined, path: FieldPath): FieldError[] {
  const type = service.spec?.type;
  if (range === undefined || (type !== 'NodePort' && type !== 'LoadBalancer')) return [];
  const [low, high] = range;
  return (service.spec?.ports ?? []).flatMap((port, i) =>
    port.nodePort && (port.nodePort < low || port.nodePort > high)
      ? [invalid(path.index(i).child('nodePort'), port.nodePort, `provided port is not in the valid range. The range of valid ports is ${low}-${high}`)]
      : [],
  );
}

/** ValidateService, without metadata (the caller validates that for every kind). */
export function validateService(service: Service, nodePortRange?: PortRange): FieldError[] {
  const spec = service.spec ?? {};
  const ports = spec.ports ?? [];
  const portsPath = specPath.child('ports');
  const errors: FieldError[] = [];
  if (ports.length === 0 && !isHeadless(service) && spec.type !== 'ExternalName') errors.push(required(portsPath));
  errors.push(...validateTypeSpecifics(service));
  const names = new Set<string>();
  ports.forEach((port, i) => errors.push(...validateServicePort(port, ports.length > 1, names, portsPath.index(i))));
  errors.push(...validateLabels(spec.selector, specPath.child('selector')));
  if (!spec.sessionAffinity) errors.push(required(specPath.child('sessionAffinity')));
  else if (!(SESSION_AFFINITIES as readonly string[]).includes(spec.sessionAffinity)) errors.push(notSupported(specPath.child('sessionAffinity'), spec.sessionAffinity, SESSION_AFFINITIES));
  errors.push(...validateClusterIPs(service));
  if (!spec.type) errors.push(required(specPath.child('type')));
  else if (!(SERVICE_TYPES as readonly string[]).includes(spec.type)) errors.push(notSupported(specPath.child('type'), spec.type, SERVICE_TYPES));
  if (spec.type === 'ClusterIP') {
    ports.forEach((port, i) => {
      if (port.nodePort) errors.push(forbidden(portsPath.index(i).child('nodePort'), "may not be used when `type` is 'ClusterIP'"));
    });
  }
  return [...errors, ...validateUniquePorts(ports, portsPath), ...validateNodePortRange(service, nodePortRange, portsPath)];
}

/** validateUpgradeDowngradeClusterIPs: the primary cluster IP never changes once set. */
function validateClusterIPsUpdate(service: Service, old: Service): FieldError[] {
  if (service.spec?.type === 'ExternalName' || old.spec?.type === 'ExternalName') return [];
  if (isHeadless(service) && isHeadless(old)) return [];
  const ips = clusterIPs(service);
  const oldIPs = clusterIPs(old);
  if (oldIPs.length === ips.length) {
    return oldIPs.flatMap((ip, i) => (ip === ips[i] ? [] : [invalid(clusterIPsPath.index(i), ips, 'may not change once set')]));
  }
  const errors: FieldError[] = [];
  if (oldIPs.length > ips.length && ips.length === 0) errors.push(invalid(clusterIPsPath.index(0), ips, 'primary clusterIP can not be unset'));
  if (oldIPs.length > 0 && ips.length > 0 && ips[0] !== oldIPs[0]) errors.push(invalid(clusterIPsPath.index(0), ips, 'may not change once set'));
  if (oldIPs.length > ips.length && ips.length === 1 && service.spec?.ipFamilyPolicy !== 'SingleStack') {
    errors.push(invalid(specPath.child('ipFamilyPolicy'), service.spec?.ipFamilyPolicy ?? null, "must be set to 'SingleStack' when releasing the secondary clusterIP"));
  }
  return errors;
}

/** ValidateServiceUpdate, without metadata. Node ports are checked on create only, as the allocator does. */
export function validateServiceUpdate(service: Service, old: Service): FieldError[] {
  return [...validateClusterIPsUpdate(service, old), ...validateService(service)];
}
