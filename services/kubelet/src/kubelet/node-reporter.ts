// The kubelet's side of its Node: register it, renew its Lease every 10 s (the lease
// controller), and post its conditions every --node-status-update-frequency and at once when
// Ready changes (the node status loop).
import type { ApiClient } from '@kubeling/client';
import { rfc3339 } from '@kubeling/api/meta-time';
import type { Logger } from 'pino';
import { nodeConditions, type NodeReadiness } from '../node/node-conditions.js';
import { NodeLease } from '../node/node-lease.js';
import { nodesRef, registerNode, type NodeObject } from '../node/node-registration.js';
import { buildRealNode, type NodeFacts } from './node-status.js';

/** The kubelet renews its lease at a quarter of its duration (renewIntervalFraction). */
const LEASE_RENEW_FRACTION = 0.25;

export interface NodeReporterOptions {
  statusUpdateFrequencyMs: number;
  leaseDurationSeconds: number;
}

export class NodeReporter {
  private lease?: NodeLease;
  private readiness?: NodeReadiness;
  /** The readiness last posted: a change carries a new lastTransitionTime. */
  private posted?: string;
  private readonly timers: NodeJS.Timeout[] = [];
  private heartbeat?: Promise<void>;

  constructor(
    private readonly client: ApiClient,
    private readonly facts: NodeFacts,
    private readonly options: NodeReporterOptions,
    private readonly log: Logger,
  ) {}

  /** Registers the node with this readiness and takes its lease; then heartbeats both. */
  async start(readiness: NodeReadiness): Promise<NodeObject> {
    const now = new Date();
    this.readiness = readiness;
    const node = await registerNode(this.client, buildRealNode(this.facts, readiness, rfc3339(now)));
    this.posted = JSON.stringify(readiness);
    this.lease = new NodeLease(this.client, this.facts.name, node.metadata!.uid!, this.options.leaseDurationSeconds);
    await this.lease.ensure(now);
    this.log.info({ node: this.facts.name, ready: readiness.ready }, 'node registered');
    this.timers.push(setInterval(() => this.postStatus(), this.options.statusUpdateFrequencyMs));
    this.timers.push(
      setInterval(() => {
        this.lease!.renew(new Date()).catch((err: unknown) => this.log.warn({ err, node: this.facts.name }, 'renewing node lease failed'));
      }, this.options.leaseDurationSeconds * 1000 * LEASE_RENEW_FRACTION),
    );
    return node;
  }

  /** Ready changed: posted now rather than at the next heartbeat. */
  setReadiness(readiness: NodeReadiness): void {
    this.readiness = readiness;
    if (this.lease !== undefined) this.postStatus();
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    await this.heartbeat;
  }

  private postStatus(): void {
    if (this.heartbeat !== undefined) return;
    this.heartbeat = this.patchConditions()
      // A readiness change that came while this heartbeat was in flight is posted right after it.
      .then(() => {
        if (JSON.stringify(this.readiness) !== this.posted) queueMicrotask(() => this.postStatus());
      })
      .catch((err: unknown) => this.log.warn({ err, node: this.facts.name }, 'updating node status failed'))
      .finally(() => (this.heartbeat = undefined));
  }

  private async patchConditions(): Promise<void> {
    const readiness = this.readiness!;
    const now = rfc3339(new Date());
    const changed = JSON.stringify(readiness) !== this.posted;
    await this.client.patch(nodesRef(this.facts.name, 'status'), 'strategic', { status: { conditions: nodeConditions(now, changed ? now : undefined, readiness) } });
    if (changed) this.log.info({ node: this.facts.name, ready: readiness.ready, message: readiness.ready ? undefined : readiness.message }, 'node readiness changed');
    this.posted = JSON.stringify(readiness);
  }
}
