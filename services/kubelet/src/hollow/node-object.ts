// The Node a hollow kubelet registers: labels, taints and a status that says what a healthy
// kubelet says (kubelet's nodestatus setters), with nothing behind it.
import { createHash } from 'node:crypto';
import type { Node, NodeStatus, Taint } from 'kubernetes-types/core/v1.js';
import { kubeletNodeLabels, nodeConditions } from '../node/node-conditions.js';

/** The address every hollow node reports: anything that follows it stays on this machine. */
export const HOLLOW_NODE_IP = '127.0.0.1';

/** The port a kubelet's status says it serves on; nothing does for a hollow node. */
const KUBELET_PORT = 10250;

export const ZONE_LABEL = 'topology.kubernetes.io/zone';

/** What every hollow node of a process shares. */
export interface NodeTemplate {
  /** Resource quantities (cpu, memory, pods); allocatable is the same, as with no reservations. */
  capacity: Record<string, string>;
  /** Labels beyond the ones the kubelet sets itself. */
  labels: Record<string, string>;
  /** Nodes are spread round-robin over zone-0..zone-(zones-1); 0 sets no zone label. */
  zones: number;
  taints: Taint[];
  kubeletVersion: string;
  /** Changes with each start of the process, as a machine's does with each boot. */
  bootID: string;
}

/** The kubelet's own labels (hostname, os, arch), the zone, then the template's. */
export function nodeLabels(name: string, index: number, template: NodeTemplate): Record<string, string> {
  return {
    ...kubeletNodeLabels(name),
    ...(template.zones > 0 ? { [ZONE_LABEL]: `zone-${index % template.zones}` } : {}),
    ...template.labels,
  };
}

/** The whole status, as registration writes it; `now` is both heartbeat and transition time. */
export function nodeStatus(name: string, template: NodeTemplate, now: string): NodeStatus {
  const id = createHash('sha256').update(name).digest('hex');
  return {
    capacity: { ...template.capacity },
    allocatable: { ...template.capacity },
    conditions: nodeConditions(now, now),
    addresses: [
      { type: 'InternalIP', address: HOLLOW_NODE_IP },
      { type: 'Hostname', address: name },
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: KUBELET_PORT } },
    nodeInfo: {
      // Stable per name, so a node taken over after a restart is the same machine.
      machineID: id.slice(0, 32),
      systemUUID: `${id.slice(0, 8)}-${id.slice(8, 12)}-${id.slice(12, 16)}-${id.slice(16, 20)}-${id.slice(20, 32)}`,
      bootID: template.bootID,
      kernelVersion: '0.0.0-hollow',
      osImage: 'Kubeling hollow node',
      containerRuntimeVersion: 'hollow://0.1.0',
      kubeletVersion: template.kubeletVersion,
      // kubelets stopped reporting it (1.31); the field is still serialized, empty.
      kubeProxyVersion: '',
      operatingSystem: 'linux',
      architecture: 'amd64',
    },
  };
}

export function buildNode(name: string, index: number, template: NodeTemplate, now: string): Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: nodeLabels(name, index, template) },
    spec: template.taints.length > 0 ? { taints: template.taints.map((taint) => ({ ...taint })) } : {},
    status: nodeStatus(name, template, now),
  };
}
