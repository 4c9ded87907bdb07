// The Node a real kubelet registers and keeps up to date (kubelet_node_status.go initialNode and
// the nodestatus setters): the host's machine facts, capacity from the host or flags, and Ready
// from the runtime's health.
import { readFileSync, statfsSync } from 'node:fs';
import { arch, cpus, release, totalmem } from 'node:os';
import type { Node, NodeStatus, Taint } from 'kubernetes-types/core/v1.js';
import { kubeletNodeLabels, nodeConditions, type NodeReadiness } from '../node/node-conditions.js';

export const KUBELET_VERSION = 'v1.32.0-kubeling';
const KUBELET_PORT = 10250;

export interface NodeFacts {
  name: string;
  /** The node's InternalIP. */
  address: string;
  capacity: Record<string, string>;
  labels: Record<string, string>;
  taints: Taint[];
  machineID: string;
  systemUUID: string;
  bootID: string;
  kernelVersion: string;
  osImage: string;
  /** <runtime name>://<version>, from the runtime's Version. */
  containerRuntimeVersion: string;
}

/**
 * The address a node reports: the host's address on the cluster's Docker network, its gateway
 * (the first address of the cluster CIDR, which Docker gives the host's bridge). Pods reach the
 * host there, the host reaches pods from there, and it is the same for every node of the
 * cluster on this machine, which they all are.
 */
export function nodeAddress(clusterCidr: string): string {
  const [base] = clusterCidr.split('/');
  const octets = base!.split('.').map(Number);
  const value = ((octets[0]! << 24) | (octets[1]! << 16) | (octets[2]! << 8) | octets[3]!) >>> 0;
  const gateway = value + 1;
  return [gateway >>> 24, (gateway >>> 16) & 255, (gateway >>> 8) & 255, gateway & 255].join('.');
}

/** Capacity: the flags' cpu and memory over the host's, pods from --max-pods, ephemeral storage of the root dir's filesystem. */
export function hostCapacity(options: { cpu?: string; memory?: string; maxPods: number; rootDir: string }): Record<string, string> {
  const capacity: Record<string, string> = {
    cpu: options.cpu ?? String(cpus().length),
    memory: options.memory ?? `${Math.floor(totalmem() / 1024)}Ki`,
    pods: String(options.maxPods),
  };
  try {
    const fs = statfsSync(options.rootDir);
    capacity['ephemeral-storage'] = `${Math.floor((fs.blocks * fs.bsize) / 1024)}Ki`;
  } catch {
    // No filesystem facts: the node reports no ephemeral storage, as a kubelet without cAdvisor data.
  }
  return capacity;
}

function readOr(path: string, fallback: string): string {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return fallback;
  }
}

/** The machine's identity as the kubelet reads it (cAdvisor's machine info). */
export function machineFacts(name: string): Pick<NodeFacts, 'machineID' | 'systemUUID' | 'bootID' | 'kernelVersion' | 'osImage'> {
  const osRelease = readOr('/etc/os-release', '');
  const pretty = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(osRelease)?.[1];
  const machineID = readOr('/etc/machine-id', '') || name;
  return {
    machineID,
    systemUUID: readOr('/sys/class/dmi/id/product_uuid', '').toLowerCase() || machineID,
    bootID: readOr('/proc/sys/kernel/random/boot_id', ''),
    kernelVersion: release(),
    osImage: pretty ?? 'Linux',
  };
}

const GO_ARCH: Record<string, string> = { x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386' };

export function realNodeStatus(facts: NodeFacts, readiness: NodeReadiness, now: string): NodeStatus {
  return {
    capacity: { ...facts.capacity },
    allocatable: { ...facts.capacity },
    conditions: nodeConditions(now, now, readiness),
    addresses: [
      { type: 'InternalIP', address: facts.address },
      { type: 'Hostname', address: facts.name },
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: KUBELET_PORT } },
    nodeInfo: {
      machineID: facts.machineID,
      systemUUID: facts.systemUUID,
      bootID: facts.bootID,
      kernelVersion: facts.kernelVersion,
      osImage: facts.osImage,
      containerRuntimeVersion: facts.containerRuntimeVersion,
      kubeletVersion: KUBELET_VERSION,
      kubeProxyVersion: '',
      operatingSystem: 'linux',
      architecture: GO_ARCH[arch()] ?? arch(),
    },
  };
}

export function buildRealNode(facts: NodeFacts, readiness: NodeReadiness, now: string): Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: facts.name, labels: { ...kubeletNodeLabels(facts.name), ...facts.labels } },
    spec: facts.taints.length > 0 ? { taints: facts.taints.map((t) => ({ ...t })) } : {},
    status: realNodeStatus(facts, readiness, now),
  };
}
