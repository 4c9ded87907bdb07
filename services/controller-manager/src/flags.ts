import { FlagValues, invalid, LEADER_ELECTION_BOOLEANS, LEADER_ELECTION_VALUES, leaderElectionFlags, parseFlags, type LeaderElectionFlags } from '@kubeling/component-base';

/** kube-controller-manager's flags that Kubeling serves. */
export interface ControllerManagerFlags extends LeaderElectionFlags {
  kubeconfig: string;
  /** --controllers as given: `*` (every default one), names, `-name` to turn one off. */
  controllers: string[];
  allocateNodeCidrs: boolean;
  clusterCidr?: string;
  nodeCidrMaskSize: number;
  logLevel: string;
}

const VALUES = new Set(['kubeconfig', 'controllers', 'cluster-cidr', 'node-cidr-mask-size', 'log-level', ...LEADER_ELECTION_VALUES]);
const BOOLEANS = new Set([...LEADER_ELECTION_BOOLEANS, 'allocate-node-cidrs']);

export function parseControllerManagerFlags(argv: string[]): ControllerManagerFlags {
  const f = new FlagValues(parseFlags(argv, { values: VALUES, booleans: BOOLEANS }));
  const allocateNodeCidrs = f.boolean('allocate-node-cidrs', false);
  const clusterCidr = f.optional('cluster-cidr');
  if (allocateNodeCidrs && !clusterCidr) throw invalid('cluster-cidr', '', 'required when --allocate-node-cidrs is true');
  const maskSize = f.integer('node-cidr-mask-size', 24, 1);
  if (maskSize > 30) throw invalid('node-cidr-mask-size', String(maskSize), 'must be at most 30');
  return {
    kubeconfig: f.required('kubeconfig'),
    controllers: f.string('controllers', '*').split(',').filter(Boolean),
    allocateNodeCidrs,
    clusterCidr,
    nodeCidrMaskSize: maskSize,
    ...leaderElectionFlags(f, 'kube-controller-manager'),
    logLevel: f.string('log-level', 'info'),
  };
}
