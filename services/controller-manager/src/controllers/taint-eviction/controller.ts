// The taint eviction controller (tainteviction.Controller): pods on nodes with NoExecute
// taints are deleted when they do not tolerate them, or once their tolerationSeconds have
// passed. Pod events and changes of a node's NoExecute taints enqueue pod keys; a pod that
// may stay for a while waits in the delaying queue.
import { deletionHandlingMetaNamespaceKeyFunc, EventRecorder, isNotFound, RateLimitingQueue, splitMetaNamespaceKey, type ApiClient, type KubeObject, type SharedIndexInformer, type SharedInformerFactory } from '@kubeling/client';
import type { Node, Pod, Taint } from 'kubernetes-types/core/v1.js';
import type { Logger } from 'pino';
import { runWorkers } from '../../worker-loop.js';
import { NODE_NAME_INDEX, nodeNameIndexFunc } from '../node-lifecycle/pod-node-index.js';
import { withPodCondition } from '../node-lifecycle/pod-condition.js';
import { syncPod, type TaintEvictionDeps } from './sync.js';
import { noExecuteTaints } from './tolerations.js';

/** UpdateWorkerSize */
const WORKERS = 8;

type NodeObject = Node & KubeObject;
type PodObject = Pod & KubeObject;

const taintId = (taint: Taint) => `${taint.key}=${taint.value ?? ''}:${taint.effect}`;

export class TaintEvictionController {
  private readonly queue = new RateLimitingQueue<string>();
  private readonly recorder: EventRecorder;
  private readonly pods: SharedIndexInformer<PodObject>;
  private readonly nodes: SharedIndexInformer<NodeObject>;
  /** For taints without timeAdded: when this controller first saw each NoExecute taint of a node. */
  private readonly firstSeen = new Map<string, Map<string, number>>();
  private readonly deps: TaintEvictionDeps;

  constructor(
    private readonly client: ApiClient,
    factory: SharedInformerFactory,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {
    this.recorder = new EventRecorder(client, { source: { component: 'taint-eviction-controller' }, logger: log });
    this.pods = factory.informerFor<PodObject>({ version: 'v1', resource: 'pods' }, { indexers: { [NODE_NAME_INDEX]: nodeNameIndexFunc } });
    this.nodes = factory.informerFor<NodeObject>({ version: 'v1', resource: 'nodes' });
    const enqueuePod = (pod: PodObject | Parameters<typeof deletionHandlingMetaNamespaceKeyFunc>[0]) => this.queue.add(deletionHandlingMetaNamespaceKeyFunc(pod));
    this.pods.addEventHandler({ onAdd: enqueuePod, onUpdate: (_old, pod) => enqueuePod(pod), onDelete: enqueuePod });
    this.nodes.addEventHandler({
      onAdd: (node) => this.nodeUpdated(undefined, node),
      onUpdate: (old, node) => this.nodeUpdated(old, node),
      onDelete: (node) => this.nodeGone(deletionHandlingMetaNamespaceKeyFunc(node)),
    });
    this.deps = {
      getPod: (key) => this.pods.getIndexer().getByKey(key),
      getNode: (name) => this.nodes.getIndexer().getByKey(name),
      taintAddedAt: (nodeName, taint) => {
        const added = taint.timeAdded ? Date.parse(taint.timeAdded) : NaN;
        return Number.isNaN(added) ? (this.firstSeen.get(nodeName)?.get(taintId(taint)) ?? now()) : added;
      },
      evict: (pod) => this.evict(pod),
      syncAfter: (key, delayMs) => this.queue.addAfter(key, delayMs),
      cancelled: (key) => this.podEvent(key, 'Cancelling deletion of Pod'),
      scheduled: new Map(),
      now: this.now,
    };
  }

  /** Works until stop(); call once the informers have synced. */
  run(): Promise<void> {
    return runWorkers(this.queue, (key) => syncPod(key, this.deps), WORKERS, this.log.child({ controller: 'taint-eviction' }));
  }

  stop(): void {
    this.queue.shutDown();
  }

  /** A node's NoExecute taints changed: every pod on it is looked at again. */
  private nodeUpdated(old: NodeObject | undefined, node: NodeObject): void {
    const name = node.metadata!.name!;
    const taints = noExecuteTaints(node);
    const seen = this.firstSeen.get(name) ?? new Map<string, number>();
    this.firstSeen.set(name, new Map(taints.map((t) => [taintId(t), seen.get(taintId(t)) ?? this.now()])));
    if (old && JSON.stringify(noExecuteTaints(old)) === JSON.stringify(taints)) return;
    this.enqueuePodsOn(name);
  }

  private nodeGone(name: string): void {
    this.firstSeen.delete(name);
    this.enqueuePodsOn(name);
  }

  private enqueuePodsOn(nodeName: string): void {
    for (const pod of this.pods.getIndexer().byIndex(NODE_NAME_INDEX, nodeName)) this.queue.add(`${pod.metadata!.namespace}/${pod.metadata!.name}`);
  }

  private podEvent(key: string, message: string): void {
    const { namespace, name } = splitMetaNamespaceKey(key);
    this.recorder.event({ apiVersion: 'v1', kind: 'Pod', metadata: { namespace, name } }, 'Normal', 'TaintManagerEviction', `${message} ${key}`);
  }

  /** addConditionAndDeletePod: DisruptionTarget=True on the pod's status, then a normal (graceful) delete. */
  private async evict(cached: Pod): Promise<void> {
    const { namespace, name } = cached.metadata!;
    const key = `${namespace}/${name}`;
    this.log.info({ pod: key, node: cached.spec?.nodeName }, 'deleting pod');
    this.podEvent(key, 'Marking for deletion Pod');
    const ref = { version: 'v1', resource: 'pods', namespace, name };
    try {
      const pod = await this.client.get<PodObject>(ref);
      const condition = { type: 'DisruptionTarget', status: 'True', reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint' };
      const status = withPodCondition(pod.status, condition, new Date(this.now()));
      if (status) await this.client.update({ ...ref, subresource: 'status' }, { ...pod, status });
      await this.client.delete(ref, {});
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
}
