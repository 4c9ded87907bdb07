// Rollback through the deprecated annotation (rollback.go): a deployment asking for a revision
// gets that ReplicaSet's template and annotations, and the request is cleared. kubectl 1.32
// rolls back client-side (a patch of the template), which needs nothing of this: the template
// then matches an old ReplicaSet, which becomes new again.
import { annotationsOf, DEPRECATED_ROLLBACK_TO, lastRevision, revisionOf, setDeploymentAnnotationsTo } from './annotations.js';
import type { DeploymentDeps } from './deps.js';
import { getAllReplicaSetsAndSyncRevision } from './new-replica-set.js';
import { equalIgnoreHash, templateWithoutHash } from './replica-sets.js';
import type { DeploymentObject, ReplicaSetObject } from './types.js';

const RollbackReason = {
  done: 'DeploymentRollback',
  revisionNotFound: 'DeploymentRollbackRevisionNotFound',
  templateUnchanged: 'DeploymentRollbackTemplateUnchanged',
} as const;

/** getRollbackTo: the revision asked for (0: the one before the current), if a valid one is. */
export function rollbackTo(d: DeploymentObject): number | undefined {
  const text = (d.metadata?.annotations as Record<string, string> | undefined)?.[DEPRECATED_ROLLBACK_TO];
  return text !== undefined && /^\d+$/.test(text) ? Number(text) : undefined;
}

/** updateDeploymentAndClearRollbackTo. */
async function clearRollbackTo(deps: DeploymentDeps, d: DeploymentObject): Promise<void> {
  delete annotationsOf(d)[DEPRECATED_ROLLBACK_TO];
  await deps.updateDeployment(d);
}

export async function rollback(deps: DeploymentDeps, d: DeploymentObject, rsList: ReplicaSetObject[]): Promise<void> {
  const { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(deps, d, rsList, true);
  const allRSs = newRS ? [...oldRSs, newRS] : oldRSs;
  const revision = rollbackTo(d) || lastRevision(allRSs);
  const target = revision === 0 ? undefined : allRSs.find((rs) => revisionOf(rs) === revision);
  if (!target) {
    const message = revision === 0 ? 'Unable to find last revision.' : 'Unable to find the revision to rollback to.';
    deps.event(d, 'Warning', RollbackReason.revisionNotFound, message);
    return clearRollbackTo(deps, d);
  }
  if (equalIgnoreHash(d.spec?.template, target.spec?.template)) {
    deps.event(d, 'Warning', RollbackReason.templateUnchanged, `The rollback revision contains the same template as current deployment "${d.metadata?.name}"`);
    return clearRollbackTo(deps, d);
  }
  d.spec!.template = templateWithoutHash(target.spec?.template);
  // Otherwise the deployment's current annotations would be copied onto that ReplicaSet.
  setDeploymentAnnotationsTo(d, target);
  await clearRollbackTo(deps, d);
  deps.event(d, 'Normal', RollbackReason.done, `Rolled back deployment "${d.metadata?.name}" to revision ${revision}`);
}
