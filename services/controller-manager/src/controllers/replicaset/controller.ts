// The ReplicaSet controller (and, given REPLICATION_CONTROLLER, the ReplicationController
// one): ReplicaSet and pod events enqueue the owner's key; syncReplicaSet does the rest.
import { DeletedFinalStateUnknown, EventRecorder, isNotFound, Lister, RateLimitingQueue, deletionHandlingMetaNamespaceKeyFunc, metaNamespaceKeyFunc, type ApiClient, type KubeObject, type SharedInformerFactory } from '@kubeling/client';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { Logger } from 'pino';
import { UIDTrackingControllerExpectations } from '../../controller-utils/expectations.js';
import { runWorkers } from '../../worker-loop.js';
import { BURST_REPLICAS } from './manage-replicas.js';
import { RealPodControl } from './pod-control.js';
import { PodEventHandler } from './pod-events.js';
import type { ReplicaSetKind, ReplicatedObject } from './replica-set-kind.js';
import { syncReplicaSet, type ReplicaSetSyncDeps } from './sync.js';

const PODS = { version: 'v1', resource: 'pods' };

export interface ReplicaSetControllerOptions {
  /** The most pods one sync creates or deletes (kube-controller-manager: 500). */
  burstReplicas?: number;
}

export class ReplicaSetController {
  private readonly queue = new RateLimitingQueue<string>();
  private readonly expectations = new UIDTrackingControllerExpectations();
  private readonly recorder: EventRecorder;
  private readonly deps: ReplicaSetSyncDeps;
  private readonly log: Logger;

  constructor(client: ApiClient, factory: SharedInformerFactory, kind: ReplicaSetKind, log: Logger, options: ReplicaSetControllerOptions = {}) {
    this.log = log.child({ controller: kind.controllerName });
    this.recorder = new EventRecorder(client, { source: { component: kind.eventComponent }, logger: this.log });
    const owners = factory.informerFor<ReplicatedObject>(kind.resource);
    const pods = factory.informerFor<Pod & KubeObject>({ version: 'v1', resource: 'pods' });
    const ownerLister = new Lister(owners.getIndexer());
    const podLister = new Lister(pods.getIndexer());
    const ref = (namespace: string, name: string) => ({ ...kind.resource, namespace, name });
    this.deps = {
      kind,
      podControl: new RealPodControl(client, this.recorder),
      expectations: this.expectations,
      getReplicaSet: (namespace, name) => ownerLister.namespace(namespace).get(name),
      listReplicaSets: (namespace) => ownerLister.namespace(namespace).list(),
      listPods: (namespace, selector) => podLister.namespace(namespace).list(selector),
      getFreshReplicaSet: (namespace, name) => client.get<ReplicatedObject>(ref(namespace, name)).catch((err: unknown) => (isNotFound(err) ? undefined : Promise.reject(err))),
      patchPod: (namespace, name, patch) => client.patch({ ...PODS, namespace, name }, 'strategic', patch),
      updateStatus: (rs) => client.update<ReplicatedObject>({ ...ref(rs.metadata!.namespace!, rs.metadata!.name!), subresource: 'status' }, rs),
      enqueueAfter: (key, delayMs) => this.queue.addAfter(key, delayMs),
      burstReplicas: options.burstReplicas ?? BURST_REPLICAS,
      now: Date.now,
      log: this.log,
    };
    owners.addEventHandler({
      onAdd: (rs) => this.enqueue(rs),
      onUpdate: (old, rs) => this.updateReplicaSet(old, rs),
      onDelete: (rs) => this.deleteReplicaSet(rs),
    });
    const podEvents = new PodEventHandler({ ...this.deps, enqueue: (key) => this.queue.add(key) });
    pods.addEventHandler({
      onAdd: (pod) => podEvents.onAdd(pod),
      onUpdate: (old, pod) => podEvents.onUpdate(old, pod),
      onDelete: (pod) => podEvents.onDelete(pod),
    });
  }

  /** Works until stop(); call once the informers have synced. */
  run(workers = 1): Promise<void> {
    return runWorkers(this.queue, (key) => syncReplicaSet(key, this.deps), workers, this.log);
  }

  stop(): void {
    this.queue.shutDown();
  }

  private enqueue(rs: ReplicatedObject): void {
    this.queue.add(metaNamespaceKeyFunc(rs));
  }

  private updateReplicaSet(old: ReplicatedObject, rs: ReplicatedObject): void {
    // Deleted and recreated under the same name in between: the old one's expectations go with it.
    if (old.metadata?.uid !== rs.metadata?.uid) this.deleteReplicaSet(new DeletedFinalStateUnknown(metaNamespaceKeyFunc(old), old));
    if (old.spec?.replicas !== rs.spec?.replicas) this.log.info({ key: metaNamespaceKeyFunc(rs), old: old.spec?.replicas, new: rs.spec?.replicas }, 'replicas updated');
    this.enqueue(rs);
  }

  private deleteReplicaSet(obj: ReplicatedObject | DeletedFinalStateUnknown<ReplicatedObject>): void {
    const key = deletionHandlingMetaNamespaceKeyFunc(obj);
    this.expectations.deleteExpectations(key);
    this.queue.add(key);
  }
}
