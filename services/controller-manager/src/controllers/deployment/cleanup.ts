// revisionHistoryLimit (sync.go cleanupDeployment): the oldest old ReplicaSets beyond the limit
// are deleted, but only those with no pods wanted or left and whose controller has seen that.
import { isNotFound } from '@kubeling/client';
import { revisionOf } from './annotations.js';
import type { DeploymentDeps } from './deps.js';
import { specReplicas, type DeploymentObject, type ReplicaSetObject } from './types.js';

/** MaxInt32 means every revision is kept. */
const KEEP_ALL = 2 ** 31 - 1;

const byRevision = (a: ReplicaSetObject, b: ReplicaSetObject) => revisionOf(a) - revisionOf(b);

function cleanable(rs: ReplicaSetObject): boolean {
  return (
    !rs.metadata?.deletionTimestamp &&
    (rs.status?.replicas ?? 0) === 0 &&
    specReplicas(rs) === 0 &&
    (rs.metadata?.generation ?? 0) <= (rs.status?.observedGeneration ?? 0)
  );
}

export async function cleanupDeployment(deps: DeploymentDeps, oldRSs: readonly ReplicaSetObject[], d: DeploymentObject): Promise<void> {
  const limit = d.spec?.revisionHistoryLimit;
  if (limit === undefined || limit === null || limit === KEEP_ALL) return;
  const alive = oldRSs.filter((rs) => !rs.metadata?.deletionTimestamp).sort(byRevision);
  const excess = alive.length - limit;
  for (const rs of alive.slice(0, Math.max(0, excess))) {
    if (!cleanable(rs)) continue;
    deps.log.info({ deployment: `${d.metadata?.namespace}/${d.metadata?.name}`, replicaSet: rs.metadata?.name }, 'deleting old replica set beyond revisionHistoryLimit');
    try {
      await deps.deleteReplicaSet(rs.metadata!.namespace!, rs.metadata!.name!);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
}
