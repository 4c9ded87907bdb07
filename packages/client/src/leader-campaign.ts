// A component's whole life as a candidate: lead while holding the lease, stop acting at once
// when it is lost, and stand again (kube-scheduler and kube-controller-manager exit instead
// and rely on a restart; Kubeling's processes are not restarted by anyone).
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { ApiClient } from './api-client.js';
import { LeaderElector } from './leader-election.js';
import { LeaseLock } from './lease-lock.js';
import type { Logger } from './logger.js';

export interface CampaignOptions {
  namespace: string;
  name: string;
  leaseDurationMs: number;
  renewDeadlineMs: number;
  retryPeriodMs: number;
  /** Runs while leading; `signal` aborts the moment leadership is lost. */
  lead(signal: AbortSignal): void;
  logger: Logger & { info(obj: object, msg: string): void };
}

/** Campaigns until stop() (which releases a held lease); the identity is the hostname plus a random part, as Kubernetes makes it. */
export function campaign(client: ApiClient, o: CampaignOptions): { identity: string; stop(): Promise<void> } {
  const identity = `${hostname()}_${randomUUID()}`;
  let stopped = false;
  let elector: LeaderElector | undefined;
  const stand = (): void => {
    elector = new LeaderElector({
      lock: new LeaseLock(client, o.namespace, o.name, identity),
      leaseDurationMs: o.leaseDurationMs,
      renewDeadlineMs: o.renewDeadlineMs,
      retryPeriodMs: o.retryPeriodMs,
      releaseOnCancel: true,
      logger: o.logger,
      callbacks: {
        onStartedLeading: (signal) => {
          o.logger.info({ identity, lease: `${o.namespace}/${o.name}` }, 'started leading');
          o.lead(signal);
        },
        onStoppedLeading: () => o.logger.warn({ identity }, 'leaderelection lost; stopped acting'),
        onNewLeader: (leader) => o.logger.info({ leader }, 'new leader'),
      },
    });
    elector.run().then(
      () => {
        if (!stopped) stand();
      },
      (err: unknown) => o.logger.warn({ err }, 'leader election failed'),
    );
  };
  stand();
  return {
    identity,
    async stop() {
      stopped = true;
      await elector?.stop();
    },
  };
}
