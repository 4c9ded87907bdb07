// The garbage collector: an informer per deletable resource feeds the dependency graph; the
// attemptToDelete and attemptToOrphan workers start once every informer has synced, so no
// object is judged before its owners could have been seen.
import { groupVersion } from '@kubeling/api';
import { DeletedFinalStateUnknown, RateLimitingQueue, waitForCacheSync, type ApiClient, type KubeObject, type SharedIndexInformer, type SharedInformerFactory } from '@kubeling/client';
import type { Logger } from 'pino';
import { runWorkers } from '../../worker-loop.js';
import { syncAttemptToDelete, type AttemptToDeleteDeps } from './attempt-to-delete.js';
import { DependencyGraph } from './graph.js';
import { GraphBuilder } from './graph-builder.js';
import { ApiOperations } from './operations.js';
import { syncAttemptToOrphan } from './orphan.js';
import { ResourceMapper } from './resource-mapper.js';

export class GarbageCollectorController {
  private readonly attemptToDelete = new RateLimitingQueue<string>();
  private readonly attemptToOrphan = new RateLimitingQueue<string>();
  private readonly informers: Array<SharedIndexInformer<KubeObject>> = [];
  private readonly stopped = new AbortController();
  private readonly deps: AttemptToDeleteDeps;
  private readonly log: Logger;

  constructor(client: ApiClient, factory: SharedInformerFactory, log: Logger) {
    this.log = log.child({ controller: 'garbage-collector' });
    const mapper = new ResourceMapper();
    const graph = new DependencyGraph();
    const builder = new GraphBuilder(graph, { attemptToDelete: this.attemptToDelete, attemptToOrphan: this.attemptToOrphan }, this.log);
    const monitored = new Set<string>();
    for (const r of mapper.monitored()) {
      const kind = { apiVersion: groupVersion(r), kind: r.kind };
      monitored.add(`${kind.apiVersion}/${kind.kind}`);
      const informer = factory.informerFor({ group: r.group, version: r.version, resource: r.resource });
      informer.addEventHandler({
        onAdd: (obj) => builder.observe(kind, obj),
        onUpdate: (old, obj) => builder.observe(kind, obj, old),
        onDelete: (obj) => builder.observeDeleted(kind, obj instanceof DeletedFinalStateUnknown ? obj.obj : obj),
      });
      this.informers.push(informer);
    }
    this.deps = {
      graph,
      builder,
      api: new ApiOperations(client, mapper),
      mapper,
      attemptToDelete: this.attemptToDelete,
      isMonitored: (apiVersion, kind) => monitored.has(`${apiVersion}/${kind}`),
      log: this.log,
    };
  }

  /** Waits for the graph to be complete, then works until stop(). */
  async run(workers = 1): Promise<void> {
    if (!(await waitForCacheSync(this.informers, this.stopped.signal))) return;
    this.log.info({ resources: this.informers.length, nodes: this.deps.graph.size }, 'garbage collector synced');
    await Promise.all([
      runWorkers(this.attemptToDelete, (uid) => syncAttemptToDelete(uid, this.deps), workers, this.log.child({ queue: 'attemptToDelete' })),
      runWorkers(this.attemptToOrphan, (uid) => syncAttemptToOrphan(uid, this.deps), workers, this.log.child({ queue: 'attemptToOrphan' })),
    ]);
  }

  stop(): void {
    this.stopped.abort();
    this.attemptToDelete.shutDown();
    this.attemptToOrphan.shutDown();
  }
}
