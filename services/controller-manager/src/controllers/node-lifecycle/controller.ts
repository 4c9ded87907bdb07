// The node lifecycle controller (nodelifecycle.Controller with taint-based eviction): every
// --node-monitor-period it checks each node's heartbeats and marks a silent node's conditions
// Unknown (and its pods not Ready); nodes that are not Ready are queued per zone for their
// NoExecute taint (not-ready or unreachable), added at the zone's eviction rate, and lose it
// once Ready again; node events keep the NoSchedule condition taints in step.
import { setTimeout as sleep } from 'node:timers/promises';
import { EventRecorder, RateLimitingQueue, type ApiClient, type KubeObject, type SharedIndexInformer, type SharedInformerFactory } from '@kubeling/client';
import type { Lease } from 'kubernetes-types/coordination/v1.js';
import type { Node, NodeCondition, Pod, Taint } from 'kubernetes-types/core/v1.js';
import type { Logger } from 'pino';
import type { NodeLifecycleFlags } from '../../flags.js';
import { runWorkers } from '../../worker-loop.js';
import { every, parallelize } from './loops.js';
import { markPodsNotReady } from './mark-pods-not-ready.js';
import { NODE_NAME_INDEX, nodeNameIndexFunc } from './pod-node-index.js';
import { assessNodeHealth, type HealthAssessment, type NodeHealth } from './node-health.js';
import { swapNodeTaints } from './node-taint-writer.js';
import { noExecuteTaintFor, nodeCondition, noScheduleTaintChanges, NOT_READY_TAINT, taintExists, UNREACHABLE_TAINT } from './taints.js';
import { ZoneTainter, type TaintAttempt } from './zone-tainter.js';
import { EXCLUDE_DISRUPTION_LABEL, handleDisruption, zoneKey, type ZoneState } from './zones.js';

/** scheduler.NodeEvictionPeriod: how often the zones' taint queues are tried. */
const NO_EXECUTE_TAINTING_PERIOD_MS = 100;
/** nodeUpdateWorkerSize and podUpdateWorkerSize */
const NODE_UPDATE_WORKERS = 8;
const POD_UPDATE_WORKERS = 4;
/** scheduler.NodeHealthUpdateRetry, retrySleepTime */
const HEALTH_UPDATE_ATTEMPTS = 5;
const HEALTH_RETRY_SLEEP_MS = 20;
const NODE_LEASE_NAMESPACE = 'kube-node-lease';

type NodeObject = Node & KubeObject;
type PodObject = Pod & KubeObject;

export class NodeLifecycleController {
  private readonly nodeUpdateQueue = new RateLimitingQueue<string>();
  private readonly podUpdateQueue = new RateLimitingQueue<string>();
  private readonly stopping = new AbortController();
  private readonly recorder: EventRecorder;
  private readonly nodes: SharedIndexInformer<NodeObject>;
  private readonly leases: SharedIndexInformer<Lease & KubeObject>;
  private readonly pods: SharedIndexInformer<PodObject>;
  /** nodeHealthMap */
  private readonly health = new Map<string, NodeHealth>();
  /** knownNodeSet */
  private readonly knownNodes = new Set<string>();
  /** Nodes whose pods must still be marked not Ready (a failed try). */
  private readonly nodesToRetry = new Set<string>();
  /** zoneNoExecuteTainter and zoneStates */
  private readonly tainters = new Map<string, ZoneTainter>();
  private zoneStates = new Map<string, ZoneState>();

  constructor(
    private readonly client: ApiClient,
    factory: SharedInformerFactory,
    private readonly flags: NodeLifecycleFlags,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {
    this.recorder = new EventRecorder(client, { source: { component: 'node-controller' }, logger: log });
    this.nodes = factory.informerFor<NodeObject>({ version: 'v1', resource: 'nodes' });
    this.leases = factory.informerFor<Lease & KubeObject>({ group: 'coordination.k8s.io', version: 'v1', resource: 'leases' });
    this.pods = factory.informerFor<PodObject>({ version: 'v1', resource: 'pods' }, { indexers: { [NODE_NAME_INDEX]: nodeNameIndexFunc } });
    const nodeChanged = (node: NodeObject) => this.nodeUpdateQueue.add(node.metadata!.name!);
    this.nodes.addEventHandler({ onAdd: nodeChanged, onUpdate: (_old, node) => nodeChanged(node) });
    this.pods.addEventHandler({ onAdd: (pod) => this.podUpdated(undefined, pod), onUpdate: (old, pod) => this.podUpdated(old, pod) });
  }

  /** Works until stop(); call once the informers have synced. */
  run(): Promise<void> {
    const signal = this.stopping.signal;
    return Promise.all([
      every(this.flags.nodeMonitorPeriodMs, signal, () => this.monitorNodeHealth().catch((err: Error) => this.log.error({ err: err.message }, 'monitoring node health failed'))),
      every(NO_EXECUTE_TAINTING_PERIOD_MS, signal, () => this.doNoExecuteTaintingPass()),
      runWorkers(this.nodeUpdateQueue, (name) => this.doNoScheduleTaintingPass(name), NODE_UPDATE_WORKERS, this.log),
      runWorkers(this.podUpdateQueue, (key) => this.processPod(key), POD_UPDATE_WORKERS, this.log),
    ]).then(() => undefined);
  }

  stop(): void {
    this.stopping.abort();
    this.nodeUpdateQueue.shutDown();
    this.podUpdateQueue.shutDown();
  }

  /** A pod newly bound to a node is checked against that node's health. */
  private podUpdated(old: PodObject | undefined, pod: PodObject): void {
    const nodeName = pod.spec?.nodeName;
    if (nodeName && old?.spec?.nodeName !== nodeName) this.podUpdateQueue.add(`${pod.metadata!.namespace}/${pod.metadata!.name}`);
  }

  private podsOnNode(nodeName: string): PodObject[] {
    return this.pods.getIndexer().byIndex(NODE_NAME_INDEX, nodeName);
  }

  private tainter(node: Node): ZoneTainter {
    const zone = zoneKey(node);
    let tainter = this.tainters.get(zone);
    if (!tainter) {
      tainter = new ZoneTainter(this.flags.nodeEvictionRate, this.now);
      this.tainters.set(zone, tainter);
      this.log.info({ zone }, 'initializing eviction metric for zone');
    }
    return tainter;
  }

  private nodeEvent(node: Node, type: 'Normal' | 'Warning', reason: string, message: string): void {
    this.recorder.event({ apiVersion: 'v1', kind: 'Node', metadata: { name: node.metadata?.name, uid: node.metadata?.uid } }, type, reason, message);
  }

  private async monitorNodeHealth(): Promise<void> {
    const nodes = this.nodes.getIndexer().list();
    await this.classifyNodes(nodes);
    const zones = new Map<string, Array<NodeCondition | undefined>>();
    await parallelize(nodes, NODE_UPDATE_WORKERS, async (node) => {
      const assessment = await this.updateNodeHealth(node);
      if (!assessment) return;
      if (node.metadata?.labels?.[EXCLUDE_DISRUPTION_LABEL] === undefined) {
        const zone = zoneKey(node);
        zones.set(zone, [...(zones.get(zone) ?? []), assessment.currentReady]);
      }
      await this.reactToHealth(node, assessment);
    });
    await this.applyDisruption(zones, nodes);
  }

  /** Nodes seen for the first time are registered (and untainted, to be judged afresh); vanished ones forgotten. */
  private async classifyNodes(nodes: readonly NodeObject[]): Promise<void> {
    const names = new Set(nodes.map((n) => n.metadata!.name!));
    for (const node of nodes) {
      const name = node.metadata!.name!;
      if (this.knownNodes.has(name)) continue;
      this.log.info({ node: name }, 'controller observed a new Node');
      this.nodeEvent(node, 'Normal', 'RegisteredNode', `Registered Node ${name} in Controller`);
      this.knownNodes.add(name);
      await this.untaint(node);
    }
    for (const name of [...this.knownNodes].filter((n) => !names.has(n))) {
      this.log.info({ node: name }, 'controller observed a Node deletion');
      this.nodeEvent({ metadata: { name } }, 'Normal', 'RemovingNode', `Removing Node ${name} from Controller`);
      this.knownNodes.delete(name);
      this.health.delete(name);
      this.nodesToRetry.delete(name);
    }
  }

  /** tryUpdateNodeHealth with its retries: a failed status write is tried again on a fresh read of the node. */
  private async updateNodeHealth(cached: NodeObject): Promise<HealthAssessment | undefined> {
    const name = cached.metadata!.name!;
    let node: NodeObject = cached;
    for (let attempt = 1; ; attempt++) {
      const now = this.now();
      const lease = this.leases.getIndexer().getByKey(`${NODE_LEASE_NAMESPACE}/${name}`);
      const assessment = assessNodeHealth(node, this.health.get(name), lease, now, { monitorMs: this.flags.nodeMonitorGracePeriodMs, startupMs: this.flags.nodeStartupGracePeriodMs });
      this.health.set(name, assessment.health);
      if (!assessment.statusToWrite) return assessment;
      try {
        await this.client.update({ version: 'v1', resource: 'nodes', name, subresource: 'status' }, { ...node, status: assessment.statusToWrite });
        this.health.set(name, { ...assessment.health, status: assessment.statusToWrite, readyTransitionTimestamp: now });
        this.log.info({ node: name, silentForMs: now - assessment.health.probeTimestamp }, 'node stopped posting status; conditions set to Unknown');
        return assessment;
      } catch (err) {
        this.log.warn({ node: name, err: (err as Error).message }, 'error updating node status');
        if (attempt >= HEALTH_UPDATE_ATTEMPTS) break;
      }
      await sleep(HEALTH_RETRY_SLEEP_MS);
      try {
        node = await this.client.get<NodeObject>({ version: 'v1', resource: 'nodes', name });
      } catch (err) {
        this.log.warn({ node: name, err: (err as Error).message }, 'failed getting a node to retry updating its health');
        break;
      }
    }
    this.log.error({ node: name }, 'update health of node failed; skipping - no pods will be evicted');
    return undefined;
  }

  /** The rest of a node's check: its NoExecute taint queued or removed, and its pods marked not Ready once it stops being Ready. */
  private async reactToHealth(node: NodeObject, { observedReady, currentReady }: HealthAssessment): Promise<void> {
    const name = node.metadata!.name!;
    if (currentReady) {
      await this.processTaintBaseEviction(node, observedReady);
      const becameNotReady = currentReady.status !== 'True' && observedReady.status === 'True';
      if (becameNotReady) this.nodeEvent({ metadata: { name, uid: name } }, 'Normal', 'NodeNotReady', `Node ${name} status is now: NodeNotReady`);
      if (becameNotReady || (this.nodesToRetry.has(name) && observedReady.status !== 'True')) {
        try {
          await markPodsNotReady(this.client, this.recorder, this.podsOnNode(name), name, this.log, new Date(this.now()));
        } catch (err) {
          this.log.warn({ node: name, err: (err as Error).message }, 'unable to mark all pods NotReady on node; queuing for retry');
          this.nodesToRetry.add(name);
          return;
        }
      }
    }
    this.nodesToRetry.delete(name);
  }

  private async processTaintBaseEviction(node: NodeObject, observedReady: NodeCondition): Promise<void> {
    const name = node.metadata!.name!;
    const status = observedReady.status;
    if (status === 'True') {
      if (await this.untaint(node)) this.log.info({ node: name }, 'node is healthy again, removed all taints');
      return;
    }
    const pair = noExecuteTaintFor(status);
    if (!pair) return;
    const [taint, opposite] = pair;
    // Already tainted the other way: swapped at once, the zone's rate was paid for the first taint.
    if (taintExists(node.spec?.taints, opposite)) {
      await swapNodeTaints(this.client, node, [taint], [opposite], new Date(this.now())).catch((err: Error) => this.log.error({ node: name, err: err.message }, 'failed to instantly swap NoExecute taints; will try again'));
      return;
    }
    if (this.markNodeForTainting(node, taint)) this.log.info({ node: name, ready: status }, 'node is not ready; adding it to the taint queue');
  }

  /** Queues the node for `taint`; one that was handled but lacks the taint (removed by someone) is queued anew. */
  private markNodeForTainting(node: Node, taint: Taint): boolean {
    const tainter = this.tainter(node);
    if (!taintExists(node.spec?.taints, taint)) tainter.remove(node.metadata!.name!);
    return tainter.add(node.metadata!.name!);
  }

  /** Removes both NoExecute taints and forgets the node's place in its zone's queue; true if it was queued or tainted. */
  private async markNodeAsReachable(node: NodeObject): Promise<boolean> {
    await swapNodeTaints(this.client, node, [], [UNREACHABLE_TAINT, NOT_READY_TAINT], new Date(this.now()));
    return this.tainter(node).remove(node.metadata!.name!);
  }

  /** markNodeAsReachable with its failure logged: the next pass tries again. */
  private untaint(node: NodeObject): Promise<boolean> {
    return this.markNodeAsReachable(node).catch((err: Error) => {
      this.log.error({ node: node.metadata?.name, err: err.message }, 'failed to remove taints from node; will retry');
      return false;
    });
  }

  private async applyDisruption(zones: Map<string, Array<NodeCondition | undefined>>, nodes: readonly NodeObject[]): Promise<void> {
    const change = handleDisruption(this.zoneStates, zones, this.flags.nodeEvictionRate);
    for (const [zone, state] of change.states) {
      if (this.zoneStates.get(zone) !== state) this.log.info({ zone, state }, 'controller detected that zone is now in new state');
    }
    this.zoneStates = change.states;
    for (const [zone, qps] of change.rates) this.tainters.get(zone)?.setRate(qps);
    if (change.enteredFullDisruption) {
      this.log.info({}, 'controller detected that all Nodes are not-Ready. Entering master disruption mode');
      for (const node of nodes) await this.untaint(node);
    }
    if (change.leftFullDisruption) {
      this.log.info({}, 'controller detected that some Nodes are Ready. Exiting master disruption mode');
      const now = this.now();
      for (const [name, health] of this.health) this.health.set(name, { ...health, probeTimestamp: now, readyTransitionTimestamp: now });
    }
  }

  /** Takes nodes off each zone's queue at its rate and gives them the NoExecute taint their Ready condition calls for. */
  private async doNoExecuteTaintingPass(): Promise<void> {
    for (const tainter of this.tainters.values()) await tainter.tryEach((name) => this.taintNoExecute(name));
  }

  private async taintNoExecute(name: string): Promise<TaintAttempt> {
    const node = this.nodes.getIndexer().getByKey(name);
    if (!node) return { done: true };
    const ready = nodeCondition(node, 'Ready');
    if (!ready) return { done: false, retryAfterMs: 50 };
    const pair = noExecuteTaintFor(ready.status);
    if (!pair) return { done: true };
    const [taint, opposite] = pair;
    try {
      if (await swapNodeTaints(this.client, node, [taint], [opposite], new Date(this.now()))) this.log.info({ node: name, taint: taint.key }, 'node tainted NoExecute');
      return { done: true };
    } catch (err) {
      this.log.warn({ node: name, err: (err as Error).message }, 'failed to taint node NoExecute; will retry');
      return { done: false, retryAfterMs: 0 };
    }
  }

  /** doNoScheduleTaintingPass: the node's NoSchedule taints made to match its conditions and spec.unschedulable. */
  private async doNoScheduleTaintingPass(name: string): Promise<void> {
    const node = this.nodes.getIndexer().getByKey(name);
    if (!node) return;
    const { add, remove } = noScheduleTaintChanges(node);
    if (add.length === 0 && remove.length === 0) return;
    await swapNodeTaints(this.client, node, add, remove, new Date(this.now()));
  }

  /** A pod bound to a node known not to be Ready is marked not Ready at once. */
  private async processPod(key: string): Promise<void> {
    const pod = this.pods.getIndexer().getByKey(key);
    const nodeName = pod?.spec?.nodeName;
    if (!pod || !nodeName || !this.nodes.getIndexer().getByKey(nodeName)) return;
    const ready = this.health.get(nodeName)?.status.conditions?.find((c) => c.type === 'Ready');
    if (ready && ready.status !== 'True') await markPodsNotReady(this.client, this.recorder, [pod], nodeName, this.log, new Date(this.now()));
  }
}
