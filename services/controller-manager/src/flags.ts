import { FlagValues, invalid, LEADER_ELECTION_BOOLEANS, LEADER_ELECTION_VALUES, leaderElectionFlags, parseFlags, type LeaderElectionFlags } from '@kubeling/component-base';

/** How many keys each controller syncs at once (--concurrent-*-syncs), kube-controller-manager's defaults. */
export interface ConcurrentSyncs {
  replicaset: number;
  rc: number;
  deployment: number;
  endpoint: number;
  /** --concurrent-service-endpoint-syncs: the EndpointSlice controller. */
  serviceEndpoint: number;
  namespace: number;
  gc: number;
  serviceaccount: number;
}

/** The node lifecycle controller's settings. */
export interface NodeLifecycleFlags {
  /** --node-monitor-period: how often node health is checked. */
  nodeMonitorPeriodMs: number;
  /** --node-monitor-grace-period: silence after which a node is Unknown and tainted unreachable. */
  nodeMonitorGracePeriodMs: number;
  /** --node-startup-grace-period: the same, for a node that never reported Ready. */
  nodeStartupGracePeriodMs: number;
  /** --node-eviction-rate: nodes per second whose NoExecute taint is added (their pods then evicted). */
  nodeEvictionRate: number;
}

/** kube-controller-manager's flags that Kubeling serves. */
export interface ControllerManagerFlags extends LeaderElectionFlags, NodeLifecycleFlags {
  kubeconfig: string;
  /** --controllers as given: `*` (every default one), names, `-name` to turn one off. */
  controllers: string[];
  allocateNodeCidrs: boolean;
  clusterCidr?: string;
  nodeCidrMaskSize: number;
  concurrentSyncs: ConcurrentSyncs;
  /** --max-endpoints-per-slice */
  maxEndpointsPerSlice: number;
  logLevel: string;
}

const CONCURRENT_SYNC_FLAGS: Readonly<Record<keyof ConcurrentSyncs, [flag: string, fallback: number]>> = {
  replicaset: ['concurrent-replicaset-syncs', 5],
  rc: ['concurrent-rc-syncs', 5],
  deployment: ['concurrent-deployment-syncs', 5],
  endpoint: ['concurrent-endpoint-syncs', 5],
  serviceEndpoint: ['concurrent-service-endpoint-syncs', 5],
  namespace: ['concurrent-namespace-syncs', 10],
  gc: ['concurrent-gc-syncs', 20],
  serviceaccount: ['concurrent-serviceaccount-syncs', 1],
};

const NODE_LIFECYCLE_VALUES = ['node-monitor-period', 'node-monitor-grace-period', 'node-startup-grace-period', 'node-eviction-rate'];
const VALUES = new Set([
  'kubeconfig',
  'controllers',
  'cluster-cidr',
  'node-cidr-mask-size',
  'max-endpoints-per-slice',
  'log-level',
  ...Object.values(CONCURRENT_SYNC_FLAGS).map(([flag]) => flag),
  ...NODE_LIFECYCLE_VALUES,
  ...LEADER_ELECTION_VALUES,
]);
const BOOLEANS = new Set([...LEADER_ELECTION_BOOLEANS, 'allocate-node-cidrs']);

function concurrentSyncs(f: FlagValues): ConcurrentSyncs {
  const entries = Object.entries(CONCURRENT_SYNC_FLAGS).map(([key, [flag, fallback]]) => [key, f.integer(flag, fallback, 1)]);
  return Object.fromEntries(entries) as ConcurrentSyncs;
}

function nodeLifecycle(f: FlagValues): NodeLifecycleFlags {
  return {
    nodeMonitorPeriodMs: f.duration('node-monitor-period', 5_000),
    nodeMonitorGracePeriodMs: f.duration('node-monitor-grace-period', 40_000),
    nodeStartupGracePeriodMs: f.duration('node-startup-grace-period', 60_000),
    nodeEvictionRate: f.decimal('node-eviction-rate', 0.1),
  };
}

export function parseControllerManagerFlags(argv: string[]): ControllerManagerFlags {
  const f = new FlagValues(parseFlags(argv, { values: VALUES, booleans: BOOLEANS }));
  const allocateNodeCidrs = f.boolean('allocate-node-cidrs', false);
  const clusterCidr = f.optional('cluster-cidr');
  if (allocateNodeCidrs && !clusterCidr) throw invalid('cluster-cidr', '', 'required when --allocate-node-cidrs is true');
  const maskSize = f.integer('node-cidr-mask-size', 24, 1);
  if (maskSize > 30) throw invalid('node-cidr-mask-size', String(maskSize), 'must be at most 30');
  const maxEndpointsPerSlice = f.integer('max-endpoints-per-slice', 100, 1);
  if (maxEndpointsPerSlice > 1000) throw invalid('max-endpoints-per-slice', String(maxEndpointsPerSlice), 'must be at most 1000');
  return {
    kubeconfig: f.required('kubeconfig'),
    controllers: f.string('controllers', '*').split(',').filter(Boolean),
    allocateNodeCidrs,
    clusterCidr,
    nodeCidrMaskSize: maskSize,
    concurrentSyncs: concurrentSyncs(f),
    maxEndpointsPerSlice,
    ...nodeLifecycle(f),
    ...leaderElectionFlags(f, 'kube-controller-manager'),
    logLevel: f.string('log-level', 'info'),
  };
}
