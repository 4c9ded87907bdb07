// The namespace controller (namespace_controller.go): namespaces being deleted are queued (after
// a short delay, so every apiserver has seen the deletion); a sync empties and finalizes one.
import { BUILTIN_RESOURCES } from '@kubeling/api';
import {
  BucketRateLimiter,
  deletionHandlingMetaNamespaceKeyFunc,
  ItemExponentialFailureRateLimiter,
  Lister,
  MaxOfRateLimiter,
  RateLimitingQueue,
  type ApiClient,
  type SharedInformerFactory,
} from '@kubeling/client';
import type { Logger } from 'pino';
import { runWorkers } from '../../worker-loop.js';
import { deletableNamespacedResources, deleteNamespace, ResourcesRemainingError, type NamespaceDeleterDeps, type NamespaceObject } from './namespaced-resources-deleter.js';

/** namespaceDeletionGracePeriod: how long a deleted namespace waits before its first sync. */
const NAMESPACE_DELETION_GRACE_PERIOD_MS = 5_000;
/** The token in spec.finalizers this controller removes (v1.FinalizerKubernetes). */
const FINALIZER_KUBERNETES = 'kubernetes';

export class NamespaceController {
  // nsControllerRateLimiter: failures retried fast, never less often than every minute.
  private readonly queue = new RateLimitingQueue<string>(new MaxOfRateLimiter(new ItemExponentialFailureRateLimiter<string>(5, 60_000), new BucketRateLimiter<string>(10, 100)));
  private readonly namespaces: Lister<NamespaceObject>;
  private readonly deps: NamespaceDeleterDeps;
  private readonly log: Logger;

  constructor(client: ApiClient, factory: SharedInformerFactory, log: Logger) {
    this.log = log.child({ controller: 'namespace' });
    const informer = factory.informerFor<NamespaceObject>({ version: 'v1', resource: 'namespaces' });
    this.namespaces = new Lister(informer.getIndexer());
    informer.addEventHandler({ onAdd: (ns) => this.enqueue(ns), onUpdate: (_old, ns) => this.enqueue(ns) });
    this.deps = { client, resources: deletableNamespacedResources(BUILTIN_RESOURCES), finalizerToken: FINALIZER_KUBERNETES, now: () => new Date(), log: this.log };
  }

  run(workers = 1): Promise<void> {
    return runWorkers(this.queue, (name) => this.sync(name), workers, this.log);
  }

  stop(): void {
    this.queue.shutDown();
  }

  /** Only namespaces being deleted have anything to do. */
  private enqueue(ns: NamespaceObject): void {
    if (!ns.metadata?.deletionTimestamp) return;
    this.queue.addAfter(deletionHandlingMetaNamespaceKeyFunc(ns), NAMESPACE_DELETION_GRACE_PERIOD_MS);
  }

  private async sync(name: string): Promise<void> {
    if (!this.namespaces.get(name)) {
      this.log.info({ namespace: name }, 'Namespace has been deleted');
      return;
    }
    try {
      await deleteNamespace(name, this.deps);
    } catch (err) {
      if (!(err instanceof ResourcesRemainingError)) throw err;
      // Content is going away by itself: look again in about half the estimated time.
      const waitSeconds = Math.floor(err.estimate / 2) + 1;
      this.log.info({ namespace: name, waitSeconds }, 'Content remaining in namespace');
      this.queue.addAfter(name, waitSeconds * 1000);
    }
  }
}
