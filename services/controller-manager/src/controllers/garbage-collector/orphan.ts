// The attemptToOrphan worker (attemptToOrphanWorker, orphanDependents): an owner deleted with
// the orphan finalizer first has its reference removed from every dependent, then loses the
// finalizer, after which the apiserver deletes it.
import { isNotFound } from '@kubeling/client';
import type { Logger } from 'pino';
import { describe, FINALIZER_ORPHAN_DEPENDENTS, type DependencyGraph } from './graph.js';
import type { GcApi } from './operations.js';

export interface OrphanDeps {
  graph: DependencyGraph;
  api: GcApi;
  log: Logger;
}

/** One attemptToOrphan key (the owner's uid); throws to be retried rate-limited. */
export async function syncAttemptToOrphan(uid: string, deps: OrphanDeps): Promise<void> {
  const owner = deps.graph.get(uid);
  if (!owner) return;
  const dependents = [...owner.dependents];
  const results = await Promise.allSettled(dependents.map((dep) => deps.api.deleteOwnerReferences(dep.identity, [uid])));
  const failed = results.flatMap((r, i) => (r.status === 'rejected' && !isNotFound(r.reason) ? [`${describe(dependents[i]!.identity)}: ${(r.reason as Error).message}`] : []));
  if (failed.length > 0) throw new Error(`failed to orphan dependents of ${describe(owner.identity)}: ${failed.join('; ')}`);
  deps.log.info({ item: describe(owner.identity), uid, dependents: dependents.length }, 'orphaned dependents; removing the orphan finalizer');
  await deps.api.removeFinalizer(owner.identity, FINALIZER_ORPHAN_DEPENDENTS);
}
