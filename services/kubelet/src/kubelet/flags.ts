// The kubelet's command line, with the kubelet's flag names (cmd/kubelet/app/options) for the
// subset Kubeling has, plus the Docker network the in-process dockershim puts pods on.
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { Taint } from 'kubernetes-types/core/v1.js';
import { FlagValues, invalid, parseFlags } from '@kubeling/component-base';
import { labels, quantity, taints } from '../node/node-flags.js';

export interface KubeletFlags {
  kubeconfig: string;
  /** The node's name (and its kubernetes.io/hostname label). */
  nodeName: string;
  rootDir: string;
  /** unix:///path of the CRI socket. */
  containerRuntimeEndpoint: string;
  /** True when the endpoint is the default one: the kubelet serves it with its own dockershim. */
  inProcessRuntime: boolean;
  nodeLabels: Record<string, string>;
  registerWithTaints: Taint[];
  maxPods: number;
  nodeStatusUpdateFrequencyMs: number;
  nodeLeaseDurationSeconds: number;
  /** Standalone podCIDR; otherwise the node's spec.podCIDR (node-ipam) is waited for. */
  podCidr?: string;
  clusterName: string;
  dockerNetwork: string;
  clusterCidr: string;
  /** Over the host's, for tests and for sharing one machine between several kubelets. */
  capacityCpu?: string;
  capacityMemory?: string;
  logLevel: string;
}

const DEFAULT_ROOT_DIR = '/var/lib/kubeling/kubelet';

const VALUES = new Set([
  'kubeconfig',
  'hostname-override',
  'container-runtime-endpoint',
  'root-dir',
  'node-labels',
  'register-with-taints',
  'max-pods',
  'node-status-update-frequency',
  'node-lease-duration-seconds',
  'pod-cidr',
  'cluster-name',
  'docker-network',
  'cluster-cidr',
  'capacity-cpu',
  'capacity-memory',
  'log-level',
]);

const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

function cidr(name: string, raw: string): string {
  const match = CIDR.exec(raw);
  if (!match || match.slice(1, 5).some((octet) => Number(octet) > 255) || Number(match[5]) > 32) throw invalid(name, raw, 'must be an IPv4 CIDR such as 10.244.0.0/16');
  return raw;
}

function endpoint(name: string, raw: string): string {
  if (!raw.startsWith('unix:///')) throw invalid(name, raw, 'must be a unix socket: unix:///path');
  return raw;
}

/** Parses the kubelet's flags (pflag forms); errors are FlagErrors naming the flag. */
export function parseKubeletFlags(argv: string[]): KubeletFlags {
  const f = new FlagValues(parseFlags(argv, { values: VALUES }));
  const rootDir = f.string('root-dir', DEFAULT_ROOT_DIR);
  const defaultEndpoint = `unix://${join(rootDir, 'dockershim.sock')}`;
  const containerRuntimeEndpoint = endpoint('container-runtime-endpoint', f.string('container-runtime-endpoint', defaultEndpoint));
  const clusterName = f.string('cluster-name', 'kubeling');
  const optional = (name: string, parse: (name: string, raw: string) => string) => {
    const raw = f.optional(name);
    return raw === undefined ? undefined : parse(name, raw);
  };
  const statusFrequency = f.duration('node-status-update-frequency', 10_000);
  if (statusFrequency <= 0) throw invalid('node-status-update-frequency', f.string('node-status-update-frequency', ''), 'must be positive');
  return {
    kubeconfig: f.required('kubeconfig'),
    // The kubelet lowercases the hostname: node names are DNS subdomains.
    nodeName: f.string('hostname-override', hostname()).toLowerCase(),
    rootDir,
    containerRuntimeEndpoint,
    inProcessRuntime: containerRuntimeEndpoint === defaultEndpoint,
    nodeLabels: labels('node-labels', f.string('node-labels', '')),
    registerWithTaints: taints('register-with-taints', f.string('register-with-taints', '')),
    maxPods: f.integer('max-pods', 110, 1),
    nodeStatusUpdateFrequencyMs: statusFrequency,
    nodeLeaseDurationSeconds: f.integer('node-lease-duration-seconds', 40, 1),
    podCidr: optional('pod-cidr', cidr),
    clusterName,
    dockerNetwork: f.string('docker-network', `kubeling-${clusterName}`),
    clusterCidr: cidr('cluster-cidr', f.string('cluster-cidr', '10.244.0.0/16')),
    capacityCpu: optional('capacity-cpu', quantity),
    capacityMemory: optional('capacity-memory', quantity),
    logLevel: f.string('log-level', 'info'),
  };
}
