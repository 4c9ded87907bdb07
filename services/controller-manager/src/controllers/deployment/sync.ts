// The deployment sync (deployment_controller.go syncDeployment, sync.go sync / syncStatusOnly /
// checkPausedConditions / isScalingEvent), level-based on one deployment's key: claim its
// ReplicaSets, then only the status for a deployment being deleted, only scaling for a paused
// one or a change of replicas, a requested rollback, else a rollout step by its strategy.
import { labelSelectorFromMeta } from '@kubeling/api/selectors/label-selector';
import { splitMetaNamespaceKey } from '@kubeling/client';
import { ControllerRefManager } from '../../controller-utils/controller-ref-manager.js';
import { controllerOf } from '../../controller-utils/controller-ref.js';
import { DESIRED_REPLICAS_ANNOTATION, intAnnotation } from './annotations.js';
import { cleanupDeployment } from './cleanup.js';
import { getCondition, newCondition, PROGRESSING, Reason, setCondition } from './conditions.js';
import { updateDeploymentStatus, type DeploymentDeps } from './deps.js';
import { getAllReplicaSetsAndSyncRevision } from './new-replica-set.js';
import { syncDeploymentStatus } from './progress.js';
import { rolloutRecreate, type PodMap } from './recreate.js';
import { activeReplicaSets } from './replica-sets.js';
import { rollback, rollbackTo } from './rollback.js';
import { rolloutRolling } from './rolling.js';
import { scale } from './scale.js';
import { hasProgressDeadline } from './status.js';
import { DEPLOYMENT_KIND, specReplicas, type DeploymentObject, type ReplicaSetObject } from './types.js';

export class UnexpectedStrategyError extends Error {
  override readonly name = 'UnexpectedStrategyError';
}

export async function syncDeployment(key: string, deps: DeploymentDeps): Promise<void> {
  const { namespace, name } = splitMetaNamespaceKey(key);
  const cached = deps.getDeployment(namespace, name);
  if (!cached) return;
  const d = structuredClone(cached);
  if (selectsEverything(d)) return refuseSelectingAll(deps, d);
  const rsList = await claimReplicaSets(deps, d);
  if (d.metadata?.deletionTimestamp) return syncStatusOnly(deps, d, rsList);
  // Pausing and resuming are recorded, so a deployment resumed after its deadline does not time out at once.
  await checkPausedConditions(deps, d);
  if (d.spec?.paused) return sync(deps, d, rsList);
  // Not re-entrant: the rollback request is cleared before any ReplicaSet moves.
  if (rollbackTo(d) !== undefined) return rollback(deps, d, rsList);
  if (await isScalingEvent(deps, d, rsList)) return sync(deps, d, rsList);
  const strategy = d.spec?.strategy?.type ?? 'RollingUpdate';
  if (strategy === 'Recreate') return rolloutRecreate(deps, d, rsList, podMapFor(deps, d, rsList));
  if (strategy === 'RollingUpdate') return rolloutRolling(deps, d, rsList);
  throw new UnexpectedStrategyError(`unexpected deployment strategy type: ${strategy}`);
}

function selectsEverything(d: DeploymentObject): boolean {
  const selector = d.spec?.selector;
  return Boolean(selector) && Object.keys(selector!.matchLabels ?? {}).length === 0 && (selector!.matchExpressions ?? []).length === 0;
}

/** An empty selector would take every pod in the namespace: warn, and only record the generation as seen. */
async function refuseSelectingAll(deps: DeploymentDeps, d: DeploymentObject): Promise<void> {
  deps.event(d, 'Warning', 'SelectingAll', 'This deployment is selecting all pods. A non-empty selector is required.');
  const generation = d.metadata?.generation ?? 0;
  if ((d.status?.observedGeneration ?? 0) >= generation) return;
  (d.status ??= {}).observedGeneration = generation;
  await updateDeploymentStatus(deps, d);
}

/** getReplicaSetsForDeployment: the ReplicaSets it controls after adopting matching orphans and releasing ones that no longer match. */
function claimReplicaSets(deps: DeploymentDeps, d: DeploymentObject): Promise<ReplicaSetObject[]> {
  const namespace = d.metadata!.namespace!;
  const manager = new ControllerRefManager<ReplicaSetObject>(d, DEPLOYMENT_KIND, labelSelectorFromMeta(d.spec?.selector), {
    getFreshOwner: () => deps.getFreshDeployment(namespace, d.metadata!.name!),
    patch: (ns, name, patch) => deps.patchReplicaSet(ns, name, patch),
  });
  return manager.claim(deps.replicaSets(namespace));
}

/** getPodMapForDeployment: the pods the selector matches, by the ReplicaSet that controls them. */
function podMapFor(deps: DeploymentDeps, d: DeploymentObject, rsList: readonly ReplicaSetObject[]): PodMap {
  const selector = labelSelectorFromMeta(d.spec?.selector);
  const map: PodMap = new Map(rsList.map((rs) => [rs.metadata!.uid!, []]));
  for (const pod of deps.pods(d.metadata!.namespace!)) {
    if (!selector.matches(pod.metadata?.labels)) continue;
    const uid = controllerOf(pod)?.uid;
    if (uid) map.get(uid)?.push(pod);
  }
  return map;
}

async function syncStatusOnly(deps: DeploymentDeps, d: DeploymentObject, rsList: ReplicaSetObject[]): Promise<void> {
  const { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(deps, d, rsList, false);
  return syncDeploymentStatus(deps, [...oldRSs, newRS], newRS, d);
}

/** Scaling only, for a paused deployment or a change of replicas; a paused one also trims its history. */
async function sync(deps: DeploymentDeps, d: DeploymentObject, rsList: ReplicaSetObject[]): Promise<void> {
  const { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(deps, d, rsList, false);
  await scale(deps, d, newRS, oldRSs);
  if (d.spec?.paused && rollbackTo(d) === undefined) await cleanupDeployment(deps, oldRSs, d);
  return syncDeploymentStatus(deps, [...oldRSs, newRS], newRS, d);
}

async function checkPausedConditions(deps: DeploymentDeps, d: DeploymentObject): Promise<void> {
  if (!hasProgressDeadline(d)) return;
  const condition = getCondition(d.status, PROGRESSING);
  // A reported lack of progress is not overwritten by pausing.
  if (condition?.reason === Reason.timedOut) return;
  const pausedRecorded = condition?.reason === Reason.paused;
  const paused = Boolean(d.spec?.paused);
  if (paused === pausedRecorded) return;
  const next = paused
    ? newCondition(PROGRESSING, 'Unknown', Reason.paused, 'Deployment is paused', deps.now())
    : newCondition(PROGRESSING, 'Unknown', Reason.resumed, 'Deployment is resumed', deps.now());
  setCondition((d.status ??= {}), next);
  await updateDeploymentStatus(deps, d);
}

/** The deployment's replicas differ from what an active ReplicaSet was last scaled for. */
async function isScalingEvent(deps: DeploymentDeps, d: DeploymentObject, rsList: ReplicaSetObject[]): Promise<boolean> {
  const { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(deps, d, rsList, false);
  return activeReplicaSets([...oldRSs, newRS]).some((rs) => {
    const desired = intAnnotation(rs, DESIRED_REPLICAS_ANNOTATION);
    return desired !== undefined && desired !== specReplicas(d);
  });
}
