// The hollow node's command line: the kubelet's flag names where the kubelet has one
// (--kubeconfig, --node-labels, --register-with-taints, --node-status-update-frequency, ...),
// kubemark's idea of a count and a name prefix for the rest.
import type { Taint } from 'kubernetes-types/core/v1.js';
import { FlagValues, invalid, parseDuration, parseFlags } from '@kubeling/component-base';
import { labels, quantity, taints } from '../node/node-flags.js';

export interface HollowNodeFlags {
  kubeconfig: string;
  /** host:port of the apiserver's gRPC API, over the one the kubeconfig names. */
  grpcServer?: string;
  count: number;
  namePrefix: string;
  capacity: { cpu: string; memory: string; pods: string };
  zones: number;
  nodeLabels: Record<string, string>;
  registerWithTaints: Taint[];
  nodeStatusUpdateFrequencyMs: number;
  nodeLeaseRenewIntervalMs: number;
  nodeLeaseDurationSeconds: number;
  logLevel: string;
}

const DEFAULTS: Record<string, string> = {
  'name-prefix': 'hollow-node-',
  'capacity-cpu': '4',
  'capacity-memory': '8Gi',
  'capacity-pods': '110',
  zones: '0',
  'node-labels': '',
  'register-with-taints': '',
  'node-status-update-frequency': '10s',
  'node-lease-renew-interval': '10s',
  'node-lease-duration-seconds': '40',
  'log-level': 'info',
};

const KNOWN = new Set(['kubeconfig', 'grpc-server', 'count', ...Object.keys(DEFAULTS)]);

function positiveDuration(f: FlagValues, name: string): number {
  const ms = f.duration(name, parseDuration(DEFAULTS[name]!));
  if (ms <= 0) throw invalid(name, f.string(name, ''), 'must be positive');
  return ms;
}

function hostPort(name: string, raw: string): string {
  if (!/^(\[[0-9a-fA-F:.]+\]|[^:[\]\s]+):\d{1,5}$/.test(raw)) throw invalid(name, raw, 'must be host:port');
  return raw;
}

/** Parses the hollow node's flags (pflag forms); errors are FlagErrors naming the flag. */
export function parseHollowNodeFlags(argv: string[]): HollowNodeFlags {
  const f = new FlagValues(parseFlags(argv, { values: KNOWN }));
  const get = (name: string) => f.string(name, DEFAULTS[name]!);
  f.required('count');
  return {
    kubeconfig: f.required('kubeconfig'),
    grpcServer: f.optional('grpc-server') === undefined ? undefined : hostPort('grpc-server', f.required('grpc-server')),
    count: f.integer('count', 0, 1),
    namePrefix: get('name-prefix'),
    capacity: { cpu: quantity('capacity-cpu', get('capacity-cpu')), memory: quantity('capacity-memory', get('capacity-memory')), pods: quantity('capacity-pods', get('capacity-pods')) },
    zones: f.integer('zones', 0),
    nodeLabels: labels('node-labels', get('node-labels')),
    registerWithTaints: taints('register-with-taints', get('register-with-taints')),
    nodeStatusUpdateFrequencyMs: positiveDuration(f, 'node-status-update-frequency'),
    nodeLeaseRenewIntervalMs: positiveDuration(f, 'node-lease-renew-interval'),
    nodeLeaseDurationSeconds: f.integer('node-lease-duration-seconds', 40, 1),
    logLevel: get('log-level'),
  };
}
