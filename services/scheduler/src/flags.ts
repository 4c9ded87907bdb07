import { FlagValues, parseFlags } from '@kubeling/component-base';

/** kube-scheduler's flags that Kubeling serves. */
export interface SchedulerFlags {
  kubeconfig: string;
  /** A KubeSchedulerConfiguration file; absent: the default profile. */
  config?: string;
  leaderElect: boolean;
  leaseDurationMs: number;
  renewDeadlineMs: number;
  retryPeriodMs: number;
  leaseName: string;
  leaseNamespace: string;
  logLevel: string;
}

const VALUES = new Set([
  'kubeconfig',
  'config',
  'leader-elect-lease-duration',
  'leader-elect-renew-deadline',
  'leader-elect-retry-period',
  'leader-elect-resource-name',
  'leader-elect-resource-namespace',
  'log-level',
]);

/** Parses kube-scheduler's flags (pflag forms; --leader-elect is a boolean, true by default as there). */
export function parseSchedulerFlags(argv: string[]): SchedulerFlags {
  const f = new FlagValues(parseFlags(argv, { values: VALUES, booleans: new Set(['leader-elect']) }));
  return {
    kubeconfig: f.required('kubeconfig'),
    config: f.optional('config'),
    leaderElect: f.boolean('leader-elect', true),
    leaseDurationMs: f.duration('leader-elect-lease-duration', 15_000),
    renewDeadlineMs: f.duration('leader-elect-renew-deadline', 10_000),
    retryPeriodMs: f.duration('leader-elect-retry-period', 2_000),
    leaseName: f.string('leader-elect-resource-name', 'kube-scheduler'),
    leaseNamespace: f.string('leader-elect-resource-namespace', 'kube-system'),
    logLevel: f.string('log-level', 'info'),
  };
}
