// The new ReplicaSet and its revision (sync.go getAllReplicaSetsAndSyncRevision and
// getNewReplicaSet): the ReplicaSet whose template is the deployment's gets a revision above
// every old one, and the deployment carries that revision; when asked, a missing one is created.
import { isAlreadyExists } from '@kubeling/client';
import { controllerOf, newControllerRef } from '../../controller-utils/controller-ref.js';
import { annotationsOf, maxRevision, REVISION_ANNOTATION, setNewReplicaSetAnnotations } from './annotations.js';
import { getCondition, newCondition, PROGRESSING, Reason, setCondition } from './conditions.js';
import { setDeploymentRevision, updateDeploymentStatus, type DeploymentDeps } from './deps.js';
import { maxSurge } from './fenceposts.js';
import { computeHash, POD_TEMPLATE_HASH_LABEL } from './pod-template-hash.js';
import { equalIgnoreHash, findNewReplicaSet, findOldReplicaSets } from './replica-sets.js';
import { hasProgressDeadline } from './status.js';
import { newRSNewReplicas } from './new-replicas.js';
import { DEPLOYMENT_KIND, specReplicas, type DeploymentObject, type ReplicaSetObject } from './types.js';

export interface ReplicaSets {
  newRS?: ReplicaSetObject;
  oldRSs: ReplicaSetObject[];
}

export async function getAllReplicaSetsAndSyncRevision(deps: DeploymentDeps, d: DeploymentObject, rsList: ReplicaSetObject[], createIfNotExisted: boolean): Promise<ReplicaSets> {
  const oldRSs = findOldReplicaSets(d, rsList);
  const newRS = await getNewReplicaSet(deps, d, rsList, oldRSs, createIfNotExisted);
  return { newRS, oldRSs };
}

async function getNewReplicaSet(deps: DeploymentDeps, d: DeploymentObject, rsList: ReplicaSetObject[], oldRSs: ReplicaSetObject[], createIfNotExisted: boolean): Promise<ReplicaSetObject | undefined> {
  const newRevision = maxRevision(oldRSs) + 1;
  const existing = findNewReplicaSet(d, rsList);
  if (existing) return syncExistingNewReplicaSet(deps, d, existing, newRevision);
  if (!createIfNotExisted) return undefined;
  return createNewReplicaSet(deps, d, oldRSs, newRevision);
}

async function syncExistingNewReplicaSet(deps: DeploymentDeps, d: DeploymentObject, existing: ReplicaSetObject, newRevision: number): Promise<ReplicaSetObject> {
  const rs = structuredClone(existing);
  const annotationsUpdated = setNewReplicaSetAnnotations(d, rs, newRevision);
  const minReadySeconds = d.spec?.minReadySeconds ?? 0;
  if (annotationsUpdated || (rs.spec?.minReadySeconds ?? 0) !== minReadySeconds) {
    rs.spec!.minReadySeconds = minReadySeconds;
    return deps.updateReplicaSet(rs);
  }
  await setDeploymentRevision(deps, d, annotationsOf(rs)[REVISION_ANNOTATION]);
  // Progress is estimated from the first time the new ReplicaSet was seen.
  if (hasProgressDeadline(d) && !getCondition(d.status, PROGRESSING)) {
    setCondition((d.status ??= {}), newCondition(PROGRESSING, 'True', Reason.foundNewRS, `Found new replica set "${rs.metadata?.name}"`, deps.now()));
    await updateDeploymentStatus(deps, d);
  }
  return rs;
}

function newReplicaSetFor(d: DeploymentObject): ReplicaSetObject {
  const template = structuredClone(d.spec!.template);
  const hash = computeHash(template, d.status?.collisionCount);
  const labels = { ...(template.metadata?.labels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash };
  template.metadata = { ...template.metadata, labels };
  const selector = structuredClone(d.spec!.selector);
  selector.matchLabels = { ...(selector.matchLabels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash };
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: `${d.metadata!.name}-${hash}`, namespace: d.metadata!.namespace, ownerReferences: [newControllerRef(d, DEPLOYMENT_KIND)], labels },
    spec: { replicas: 0, minReadySeconds: d.spec?.minReadySeconds ?? 0, selector, template },
  };
}

async function createNewReplicaSet(deps: DeploymentDeps, d: DeploymentObject, oldRSs: ReplicaSetObject[], newRevision: number): Promise<ReplicaSetObject | undefined> {
  const rs = newReplicaSetFor(d);
  const replicas = newRSNewReplicas(d, [...oldRSs, rs], rs);
  rs.spec!.replicas = replicas;
  setNewReplicaSetAnnotations(d, rs, newRevision, { desired: specReplicas(d), max: specReplicas(d) + maxSurge(d) });
  let created: ReplicaSetObject;
  let alreadyExisted = false;
  try {
    created = await deps.createReplicaSet(rs);
  } catch (err) {
    if (!isAlreadyExists(err)) return failCreate(deps, d, rs, err as Error);
    const ours = deps.replicaSets(d.metadata!.namespace!).find((other) => other.metadata?.name === rs.metadata!.name);
    // Not in the cache yet: the next sync will know whose it is.
    if (!ours) throw err;
    if (controllerOf(ours)?.uid !== d.metadata?.uid || !equalIgnoreHash(ours.spec?.template, d.spec?.template)) {
      await bumpCollisionCount(deps, d);
      throw err;
    }
    created = ours;
    alreadyExisted = true;
  }
  if (!alreadyExisted && replicas > 0) deps.event(d, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${created.metadata?.name} from 0 to ${replicas}`);
  await setDeploymentRevision(deps, d, String(newRevision));
  if (!alreadyExisted && hasProgressDeadline(d)) {
    setCondition((d.status ??= {}), newCondition(PROGRESSING, 'True', Reason.newReplicaSet, `Created new replica set "${created.metadata?.name}"`, deps.now()));
    await updateDeploymentStatus(deps, d);
  }
  return created;
}

/** A ReplicaSet of that name that is not this template's: the next hash is salted differently. */
async function bumpCollisionCount(deps: DeploymentDeps, d: DeploymentObject): Promise<void> {
  const status = (d.status ??= {});
  status.collisionCount = (status.collisionCount ?? 0) + 1;
  await updateDeploymentStatus(deps, d);
  deps.log.info({ deployment: `${d.metadata?.namespace}/${d.metadata?.name}`, collisionCount: status.collisionCount }, 'hash collision; collisionCount bumped');
}

async function failCreate(deps: DeploymentDeps, d: DeploymentObject, rs: ReplicaSetObject, err: Error): Promise<never> {
  const message = `Failed to create new replica set "${rs.metadata?.name}": ${err.message}`;
  if (hasProgressDeadline(d)) {
    setCondition((d.status ??= {}), newCondition(PROGRESSING, 'False', Reason.failedRSCreate, message, deps.now()));
    // The create error is the one to report; a failed status write adds nothing.
    await updateDeploymentStatus(deps, d).catch(() => undefined);
  }
  deps.event(d, 'Warning', Reason.failedRSCreate, message);
  throw err;
}
