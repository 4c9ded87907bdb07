import { FlagValues, LEADER_ELECTION_BOOLEANS, LEADER_ELECTION_VALUES, leaderElectionFlags, parseFlags, type LeaderElectionFlags } from '@kubeling/component-base';

/** kube-scheduler's flags that Kubeling serves. */
export interface SchedulerFlags extends LeaderElectionFlags {
  kubeconfig: string;
  /** A KubeSchedulerConfiguration file; absent: the default profile. */
  config?: string;
  logLevel: string;
}

const VALUES = new Set(['kubeconfig', 'config', 'log-level', ...LEADER_ELECTION_VALUES]);

/** Parses kube-scheduler's flags (pflag forms; --leader-elect is a boolean, true by default as there). */
export function parseSchedulerFlags(argv: string[]): SchedulerFlags {
  const f = new FlagValues(parseFlags(argv, { values: VALUES, booleans: new Set(LEADER_ELECTION_BOOLEANS) }));
  return {
    kubeconfig: f.required('kubeconfig'),
    config: f.optional('config'),
    ...leaderElectionFlags(f, 'kube-scheduler'),
    logLevel: f.string('log-level', 'info'),
  };
}
