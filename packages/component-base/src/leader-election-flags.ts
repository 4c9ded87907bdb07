import type { FlagValues } from './flags.js';

/** The --leader-elect* flags kube-scheduler and kube-controller-manager share (componentbaseconfig.LeaderElectionConfiguration). */
export interface LeaderElectionFlags {
  leaderElect: boolean;
  leaseDurationMs: number;
  renewDeadlineMs: number;
  retryPeriodMs: number;
  leaseName: string;
  leaseNamespace: string;
}

export const LEADER_ELECTION_VALUES = [
  'leader-elect-lease-duration',
  'leader-elect-renew-deadline',
  'leader-elect-retry-period',
  'leader-elect-resource-name',
  'leader-elect-resource-namespace',
] as const;

export const LEADER_ELECTION_BOOLEANS = ['leader-elect'] as const;

/** Kubernetes' defaults: elect (true), 15 s lease, 10 s renew deadline, 2 s retry, in kube-system under the component's name. */
export function leaderElectionFlags(f: FlagValues, component: string): LeaderElectionFlags {
  return {
    leaderElect: f.boolean('leader-elect', true),
    leaseDurationMs: f.duration('leader-elect-lease-duration', 15_000),
    renewDeadlineMs: f.duration('leader-elect-renew-deadline', 10_000),
    retryPeriodMs: f.duration('leader-elect-retry-period', 2_000),
    leaseName: f.string('leader-elect-resource-name', component),
    leaseNamespace: f.string('leader-elect-resource-namespace', 'kube-system'),
  };
}
