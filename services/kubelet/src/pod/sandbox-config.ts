// A pod as a CRI PodSandboxConfig (kuberuntime generatePodSandboxConfig): identity, hostname,
// log directory, labels and annotations, port mappings and the Linux security basics.
import type { Container, ContainerPort, Pod } from 'kubernetes-types/core/v1.js';
import { type DNSConfig, type LinuxPodSandboxConfig, type PodSandboxConfig, type PortMapping, Protocol } from '@kubeling/proto/cri';
import { namespacesForPod, supplementalGroups } from './security-context.js';
import { sandboxLabels } from './runtime-labels.js';

export interface SandboxOptions {
  /** <root>/logs/<ns>_<name>_<uid>: where the runtime writes the containers' logs. */
  logDirectory: string;
  /** Overrides the hostname the pod asks for. */
  hostname?: string;
  /** How many sandboxes this pod had before (metadata.attempt). */
  attempt?: number;
  dnsConfig?: DNSConfig;
}

const HOSTNAME_MAX_LENGTH = 63;

/** GeneratePodHostNameAndDomain's hostname: spec.hostname or the pod name, cut to 63 characters. */
export function podHostname(pod: Pod): string {
  const hostname = pod.spec?.hostname || pod.metadata?.name || '';
  if (hostname.length <= HOSTNAME_MAX_LENGTH) return hostname;
  // A hostname must not end in '-' or '.'.
  return hostname.slice(0, HOSTNAME_MAX_LENGTH).replace(/[-.]+$/, '');
}

const PROTOCOLS: Readonly<Record<string, Protocol>> = { TCP: Protocol.TCP, UDP: Protocol.UDP, SCTP: Protocol.SCTP };

/** kubecontainer.MakePortMappings: every declared port once (hostPort 0: no host port). */
function portMappings(container: Container): PortMapping[] {
  const seen = new Set<string>();
  const mappings: PortMapping[] = [];
  for (const port of container.ports ?? []) {
    const name = port.name || portKey(port);
    if (seen.has(name)) continue;
    seen.add(name);
    mappings.push({ protocol: PROTOCOLS[port.protocol ?? 'TCP'] ?? Protocol.TCP, containerPort: port.containerPort, hostPort: port.hostPort ?? 0, hostIp: port.hostIP ?? '' });
  }
  return mappings;
}

/** The name MakePortMappings gives an unnamed port: its address family, protocol, address and ports. */
function portKey(port: ContainerPort): string {
  const family = !port.hostIP ? 'any' : port.hostIP.includes(':') ? 'v6' : 'v4';
  return `${family}-${port.protocol ?? 'TCP'}-${port.hostIP ?? ''}:${port.containerPort}:${port.hostPort ?? 0}`;
}

/** generatePodSandboxLinuxConfig. */
function linuxConfig(pod: Pod): LinuxPodSandboxConfig {
  const podContext = pod.spec?.securityContext;
  const containers = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])];
  return {
    cgroupParent: '',
    securityContext: {
      namespaceOptions: namespacesForPod(pod),
      runAsUser: podContext?.runAsUser === undefined ? undefined : { value: BigInt(podContext.runAsUser) },
      runAsGroup: podContext?.runAsGroup === undefined ? undefined : { value: BigInt(podContext.runAsGroup) },
      readonlyRootfs: false,
      supplementalGroups: supplementalGroups(podContext),
      privileged: containers.some((c) => c.securityContext?.privileged === true),
    },
    sysctls: Object.fromEntries((podContext?.sysctls ?? []).map((s) => [s.name, s.value])),
  };
}

export function buildSandboxConfig(pod: Pod, options: SandboxOptions): PodSandboxConfig {
  const meta = pod.metadata ?? {};
  return {
    metadata: { name: meta.name ?? '', namespace: meta.namespace ?? '', uid: meta.uid ?? '', attempt: options.attempt ?? 0 },
    // A pod on the host network keeps the node's hostname.
    hostname: options.hostname ?? (pod.spec?.hostNetwork ? '' : podHostname(pod)),
    logDirectory: options.logDirectory,
    dnsConfig: options.dnsConfig,
    portMappings: (pod.spec?.containers ?? []).flatMap(portMappings),
    labels: sandboxLabels(pod),
    annotations: { ...(meta.annotations ?? {}) },
    linux: linuxConfig(pod),
  };
}
