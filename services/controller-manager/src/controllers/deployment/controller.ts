// The Deployment controller: deployment events enqueue the deployment; ReplicaSet events
// enqueue the deployment controlling them (or, for an orphan, those that could adopt it); a
// deleted pod wakes a Recreate deployment waiting for its old pods to go. syncDeployment does
// the rest.
import {
  DeletedFinalStateUnknown,
  deletionHandlingMetaNamespaceKeyFunc,
  EventRecorder,
  isNotFound,
  Lister,
  RateLimitingQueue,
  type ApiClient,
  type SharedInformerFactory,
} from '@kubeling/client';
import type { Logger } from 'pino';
import { controllerOf } from '../../controller-utils/controller-ref.js';
import { runWorkers } from '../../worker-loop.js';
import { keyOf, type DeploymentDeps } from './deps.js';
import { deploymentForPod, deploymentsSelecting, resolveControllerRef, type OwnerLookup } from './owners.js';
import { syncDeployment } from './sync.js';
import { DEPLOYMENT_KIND, DEPLOYMENTS, REPLICA_SETS, type DeploymentObject, type PodObject, type ReplicaSetObject } from './types.js';

const PODS = { version: 'v1', resource: 'pods' };
const unwrap = <T>(obj: T | DeletedFinalStateUnknown<T>): T => (obj instanceof DeletedFinalStateUnknown ? obj.obj : obj);

type ApiWrites = Pick<DeploymentDeps, 'getFreshDeployment' | 'createReplicaSet' | 'updateReplicaSet' | 'deleteReplicaSet' | 'patchReplicaSet' | 'updateDeployment' | 'updateDeploymentStatus' | 'patchDeploymentAnnotations'>;

function apiWrites(client: ApiClient): ApiWrites {
  const deployment = (namespace: string, name: string, subresource?: string) => ({ ...DEPLOYMENTS, namespace, name, subresource });
  const replicaSet = (namespace?: string, name?: string) => ({ ...REPLICA_SETS, namespace, name });
  return {
    getFreshDeployment: (ns, name) => client.get<DeploymentObject>(deployment(ns, name)).catch((err: unknown) => (isNotFound(err) ? undefined : Promise.reject(err))),
    createReplicaSet: (rs) => client.create<ReplicaSetObject>(replicaSet(rs.metadata!.namespace), rs),
    updateReplicaSet: (rs) => client.update<ReplicaSetObject>(replicaSet(rs.metadata!.namespace, rs.metadata!.name), rs),
    deleteReplicaSet: async (ns, name) => void (await client.delete(replicaSet(ns, name))),
    patchReplicaSet: (ns, name, patch) => client.patch(replicaSet(ns, name), 'strategic', patch),
    updateDeployment: (d) => client.update<DeploymentObject>(deployment(d.metadata!.namespace!, d.metadata!.name!), d),
    updateDeploymentStatus: (d) => client.update<DeploymentObject>(deployment(d.metadata!.namespace!, d.metadata!.name!, 'status'), d),
    patchDeploymentAnnotations: (ns, name, annotations) => client.patch<DeploymentObject>(deployment(ns, name), 'merge', { metadata: { annotations } }),
  };
}

export class DeploymentController {
  private readonly queue = new RateLimitingQueue<string>();
  private readonly deps: DeploymentDeps;
  private readonly lookup: OwnerLookup;
  private readonly log: Logger;

  constructor(client: ApiClient, factory: SharedInformerFactory, log: Logger) {
    this.log = log.child({ controller: 'deployment' });
    const deployments = new Lister(factory.informerFor<DeploymentObject>(DEPLOYMENTS).getIndexer());
    const replicaSets = new Lister(factory.informerFor<ReplicaSetObject>(REPLICA_SETS).getIndexer());
    const pods = new Lister(factory.informerFor<PodObject>(PODS).getIndexer());
    this.lookup = {
      deployment: (ns, name) => deployments.namespace(ns).get(name),
      deployments: (ns) => deployments.namespace(ns).list(),
      replicaSet: (ns, name) => replicaSets.namespace(ns).get(name),
    };
    const recorder = new EventRecorder(client, { source: { component: 'deployment-controller' }, logger: this.log });
    this.deps = {
      getDeployment: this.lookup.deployment,
      replicaSets: (ns) => replicaSets.namespace(ns).list(),
      pods: (ns) => pods.namespace(ns).list(),
      ...apiWrites(client),
      // Cached objects may lack kind and apiVersion, which the event's involvedObject needs.
      event: (d, type, reason, message) => recorder.event({ ...d, ...DEPLOYMENT_KIND }, type, reason, message),
      enqueueAfter: (key, ms) => this.queue.addAfter(key, ms),
      now: () => Date.now(),
      log: this.log,
    };
    factory.informerFor<DeploymentObject>(DEPLOYMENTS).addEventHandler({
      onAdd: (d) => this.enqueue(d),
      onUpdate: (_old, d) => this.enqueue(d),
      onDelete: (d) => this.queue.add(deletionHandlingMetaNamespaceKeyFunc(d)),
    });
    factory.informerFor<ReplicaSetObject>(REPLICA_SETS).addEventHandler({
      onAdd: (rs) => this.replicaSetAdded(rs),
      onUpdate: (old, rs) => this.replicaSetUpdated(old, rs),
      onDelete: (rs) => this.replicaSetDeleted(unwrap(rs)),
    });
    factory.informerFor<PodObject>(PODS).addEventHandler({ onDelete: (pod) => this.podDeleted(unwrap(pod)) });
  }

  run(workers = 1): Promise<void> {
    return runWorkers(this.queue, (key) => syncDeployment(key, this.deps), workers, this.log);
  }

  stop(): void {
    this.queue.shutDown();
  }

  private enqueue(d: DeploymentObject | undefined): void {
    if (d) this.queue.add(keyOf(d));
  }

  private enqueueOwner(rs: ReplicaSetObject): boolean {
    const owner = resolveControllerRef(this.lookup, rs.metadata?.namespace ?? '', controllerOf(rs));
    this.enqueue(owner);
    return controllerOf(rs) !== undefined;
  }

  private replicaSetAdded(rs: ReplicaSetObject): void {
    if (rs.metadata?.deletionTimestamp) return this.replicaSetDeleted(rs);
    if (this.enqueueOwner(rs)) return;
    for (const d of deploymentsSelecting(this.lookup, rs)) this.enqueue(d);
  }

  private replicaSetUpdated(old: ReplicaSetObject, rs: ReplicaSetObject): void {
    if (old.metadata?.resourceVersion === rs.metadata?.resourceVersion) return;
    const oldRef = controllerOf(old);
    const ref = controllerOf(rs);
    const refChanged = oldRef?.uid !== ref?.uid;
    // The former controller lost it: it syncs too.
    if (refChanged && oldRef) this.enqueue(resolveControllerRef(this.lookup, old.metadata?.namespace ?? '', oldRef));
    if (this.enqueueOwner(rs)) return;
    const labelsChanged = JSON.stringify(old.metadata?.labels ?? {}) !== JSON.stringify(rs.metadata?.labels ?? {});
    if (labelsChanged || refChanged) for (const d of deploymentsSelecting(this.lookup, rs)) this.enqueue(d);
  }

  private replicaSetDeleted(rs: ReplicaSetObject): void {
    this.enqueueOwner(rs);
  }

  /** A Recreate deployment waits for its old pods to be gone; its last one going is its cue. */
  private podDeleted(pod: PodObject): void {
    const d = deploymentForPod(this.lookup, pod);
    if (d?.spec?.strategy?.type === 'Recreate') this.enqueue(d);
  }
}
