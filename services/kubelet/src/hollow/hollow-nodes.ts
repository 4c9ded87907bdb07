// Hollow nodes, as Kubernetes' kubemark makes them: kubelets with no containers behind them,
// many to a process, that register, heartbeat and report their pods running, so that the
// control plane (the scheduler above all) can be measured at thousands of nodes.
import { randomUUID } from 'node:crypto';
import { isNotFound, type ApiClient } from '@kubeling/client';
import type { Taint } from 'kubernetes-types/core/v1.js';
import { pino, type Logger } from 'pino';
import { ConcurrencyLimit } from './concurrency-limit.js';
import { HollowPodSync } from './hollow-pod-sync.js';
import { rfc3339 } from '@kubeling/api/meta-time';
import { buildNode, type NodeTemplate } from './node-object.js';
import { nodeConditions } from '../node/node-conditions.js';
import { leaseRef, NodeLease } from '../node/node-lease.js';
import { nodesRef, registerNode } from '../node/node-registration.js';
import { MAX_HOLLOW_NODES } from './pod-cidr.js';
import { SpreadTicker } from './spread-ticker.js';

export interface HollowNodesOptions {
  /** How many nodes: named <namePrefix>0 to <namePrefix><count-1>. */
  count: number;
  namePrefix?: string;
  /** Merged over cpu "4", memory "8Gi", pods "110"; allocatable is the same. */
  capacity?: Record<string, string>;
  /** Labels beyond kubernetes.io/hostname, os and arch. */
  labels?: Record<string, string>;
  /** Nodes spread round-robin over this many topology.kubernetes.io/zone values (zone-0, ...); 0: no zone label. */
  zones?: number;
  taints?: Taint[];
  kubeletVersion?: string;
  /** How often each node's conditions are heartbeated (the kubelet's nodeStatusUpdateFrequency). */
  nodeStatusUpdateFrequencyMs?: number;
  /** How often each node's lease is renewed (the kubelet's: a quarter of the lease duration). */
  nodeLeaseRenewIntervalMs?: number;
  nodeLeaseDurationSeconds?: number;
  /** Node writes (registration, heartbeats, leases) in flight at once, all nodes together. */
  maxConcurrentNodeCalls?: number;
  /** Pod writes (status, deletion) in flight at once, apart from the node writes so a burst of pods does not starve heartbeats. */
  maxConcurrentPodCalls?: number;
  log?: Logger;
}

export const DEFAULT_CAPACITY: Readonly<Record<string, string>> = { cpu: '4', memory: '8Gi', pods: '110' };
export const DEFAULT_NAME_PREFIX = 'hollow-node-';
export const DEFAULT_KUBELET_VERSION = 'v1.32.0-kubeling-hollow';

/**
 * N hollow kubelets in one process sharing one pod watch: start() registers the nodes and
 * their leases, then heartbeats both, spread over their intervals with a cap on calls in
 * flight; stop() ends all of it; deleteNodes() removes the nodes and leases.
 */
export class HollowNodes {
  readonly nodeNames: readonly string[];
  private readonly template: NodeTemplate;
  private readonly log: Logger;
  private readonly nodeCalls: ConcurrencyLimit;
  private readonly pods: HollowPodSync;
  private readonly leases: NodeLease[] = [];
  private readonly heartbeats: SpreadTicker;
  private readonly leaseRenewals: SpreadTicker;
  private readonly leaseDurationSeconds: number;
  private started = false;
  private stopped = false;

  constructor(
    private readonly client: ApiClient,
    options: HollowNodesOptions,
  ) {
    const { count } = options;
    if (!Number.isInteger(count) || count < 1 || count > MAX_HOLLOW_NODES) throw new RangeError(`count must be an integer from 1 to ${MAX_HOLLOW_NODES}, not ${count}`);
    const prefix = options.namePrefix ?? DEFAULT_NAME_PREFIX;
    this.nodeNames = Array.from({ length: count }, (_, i) => `${prefix}${i}`);
    this.template = {
      capacity: { ...DEFAULT_CAPACITY, ...options.capacity },
      labels: options.labels ?? {},
      zones: options.zones ?? 0,
      taints: options.taints ?? [],
      kubeletVersion: options.kubeletVersion ?? DEFAULT_KUBELET_VERSION,
      bootID: randomUUID(),
    };
    this.log = options.log ?? pino({ enabled: false });
    this.leaseDurationSeconds = options.nodeLeaseDurationSeconds ?? 40;
    this.nodeCalls = new ConcurrencyLimit(options.maxConcurrentNodeCalls ?? 32);
    const nodeIndexes = new Map(this.nodeNames.map((name, index) => [name, index]));
    this.pods = new HollowPodSync(client, nodeIndexes, new ConcurrencyLimit(options.maxConcurrentPodCalls ?? 32), this.log);
    this.heartbeats = new SpreadTicker(count, options.nodeStatusUpdateFrequencyMs ?? 10_000, (i) => this.nodeCalls.run(() => this.heartbeat(i)), (i, err) =>
      this.log.warn({ err, node: this.nodeNames[i] }, 'updating node status failed'),
    );
    this.leaseRenewals = new SpreadTicker(count, options.nodeLeaseRenewIntervalMs ?? 10_000, (i) => this.nodeCalls.run(() => this.leases[i]!.renew(new Date())), (i, err) =>
      this.log.warn({ err, node: this.nodeNames[i] }, 'renewing node lease failed'),
    );
  }

  /** Registers every node with its lease, then starts the pod watch and the heartbeats; rejects if a node could not be registered. */
  async start(): Promise<void> {
    if (this.started) throw new Error('hollow nodes already started');
    this.started = true;
    await Promise.all(this.nodeNames.map((name, index) => this.nodeCalls.run(() => this.register(name, index))));
    this.log.info({ count: this.nodeNames.length }, 'hollow nodes registered');
    if (this.stopped) return;
    await this.pods.start();
    if (this.stopped) return;
    this.heartbeats.start();
    this.leaseRenewals.start();
  }

  /** Stops heartbeats and the pod watch; resolves once no write of theirs is in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all([this.heartbeats.stop(), this.leaseRenewals.stop(), this.pods.stop()]);
  }

  /** Deletes the nodes and their leases (after stop(), or heartbeats would race it); pods bound to them stay. */
  async deleteNodes(): Promise<void> {
    await Promise.all(
      this.nodeNames.map((name) =>
        this.nodeCalls.run(async () => {
          await ignoreNotFound(this.client.delete(leaseRef(name)));
          await ignoreNotFound(this.client.delete(nodesRef(name)));
        }),
      ),
    );
  }

  private async register(name: string, index: number): Promise<void> {
    const now = new Date();
    const node = await registerNode(this.client, buildNode(name, index, this.template, rfc3339(now)));
    const lease = new NodeLease(this.client, name, node.metadata!.uid!, this.leaseDurationSeconds);
    await lease.ensure(now);
    this.leases[index] = lease;
    this.log.debug({ node: name }, 'node registered');
  }

  /** The kubelet's node status update, reduced to what changes: the conditions' heartbeat time. */
  private async heartbeat(index: number): Promise<void> {
    await this.client.patch(nodesRef(this.nodeNames[index], 'status'), 'strategic', { status: { conditions: nodeConditions(rfc3339(new Date())) } });
  }
}

async function ignoreNotFound(call: Promise<unknown>): Promise<void> {
  try {
    await call;
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
}
