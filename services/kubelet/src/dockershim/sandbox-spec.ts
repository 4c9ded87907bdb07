import type Docker from 'dockerode';
import { Protocol, type PodSandboxConfig } from '@kubeling/proto/cri';
import { PAUSE_IMAGE } from '@kubeling/images';
import { invalidArgument } from './errors.js';
import { ATTEMPT, CLUSTER, CONTAINER_TYPE, CREATED_AT, HOSTNAME, LOG_DIRECTORY, NODE, POD_IP, POD_NAME, POD_NAMESPACE, POD_UID, TYPE_SANDBOX, toDockerLabels } from './labels.js';
import { dockerName } from './owned-containers.js';

export interface SandboxPlacement {
  clusterName: string;
  nodeName: string;
  network: string;
  ip: string;
  createdAt: bigint;
}

/** The metadata every sandbox needs; InvalidArgument otherwise. */
export function validateSandboxConfig(config: PodSandboxConfig | undefined): asserts config is PodSandboxConfig & { metadata: NonNullable<PodSandboxConfig['metadata']> } {
  const m = config?.metadata;
  if (!m || !m.name || !m.namespace || !m.uid) throw invalidArgument('pod sandbox config needs metadata with name, namespace and uid');
}

const protocolName = (p: Protocol) => (p === Protocol.UDP ? 'udp' : p === Protocol.SCTP ? 'sctp' : 'tcp');

/** Host port bindings of the sandbox's port mappings (only those with a host port). */
function portBindings(config: PodSandboxConfig): Pick<Docker.ContainerCreateOptions, 'ExposedPorts'> & { PortBindings: Docker.PortMap } {
  const exposed: Record<string, object> = {};
  const bindings: Docker.PortMap = {};
  for (const pm of config.portMappings) {
    if (pm.hostPort <= 0) continue;
    if (pm.containerPort <= 0 || pm.containerPort > 65535 || pm.hostPort > 65535) throw invalidArgument(`invalid port mapping ${pm.containerPort}->${pm.hostPort}`);
    const key = `${pm.containerPort}/${protocolName(pm.protocol)}`;
    exposed[key] = {};
    (bindings[key] ??= []).push({ HostIp: pm.hostIp, HostPort: String(pm.hostPort) });
  }
  return { ExposedPorts: exposed, PortBindings: bindings };
}

/** The pause container of a sandbox: on the cluster network at `ip`, owning the pod's network and IPC namespaces. */
export function sandboxCreateOptions(config: PodSandboxConfig & { metadata: NonNullable<PodSandboxConfig['metadata']> }, placement: SandboxPlacement): Docker.ContainerCreateOptions {
  const m = config.metadata;
  const dns = config.dnsConfig;
  const ports = portBindings(config);
  const security = config.linux?.securityContext;
  return {
    name: dockerName(['POD', m.name, m.namespace, m.uid, m.attempt]),
    Image: PAUSE_IMAGE.name,
    Hostname: config.hostname || undefined,
    Labels: toDockerLabels(
      { ...config.labels, [POD_NAME]: m.name, [POD_NAMESPACE]: m.namespace, [POD_UID]: m.uid },
      config.annotations,
      {
        [CONTAINER_TYPE]: TYPE_SANDBOX,
        [CLUSTER]: placement.clusterName,
        [NODE]: placement.nodeName,
        [ATTEMPT]: String(m.attempt),
        [POD_IP]: placement.ip,
        [HOSTNAME]: config.hostname,
        [LOG_DIRECTORY]: config.logDirectory,
        [CREATED_AT]: String(placement.createdAt),
      },
    ),
    ExposedPorts: ports.ExposedPorts,
    HostConfig: {
      NetworkMode: placement.network,
      // Containers of the pod join this IPC namespace (IpcMode container:<id>).
      IpcMode: 'shareable',
      PortBindings: ports.PortBindings,
      Dns: dns?.servers.length ? dns.servers : undefined,
      DnsSearch: dns?.searches.length ? dns.searches : undefined,
      DnsOptions: dns?.options.length ? dns.options : undefined,
      CgroupParent: config.linux?.cgroupParent || undefined,
      Sysctls: config.linux && Object.keys(config.linux.sysctls).length ? config.linux.sysctls : undefined,
      Privileged: security?.privileged || undefined,
    },
    NetworkingConfig: { EndpointsConfig: { [placement.network]: { IPAMConfig: { IPv4Address: placement.ip } } } },
  };
}
