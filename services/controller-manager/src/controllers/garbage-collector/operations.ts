// The garbage collector's reads and writes through the API (garbagecollector/operations.go,
// patch.go): live GETs, owner-reference patches, finalizer removal and preconditioned deletes.
import { isConflict, isNotFound, type ApiClient, type KubeObject, type ResourceRef } from '@kubeling/client';
import type { OwnerReference } from 'kubernetes-types/meta/v1.js';
import { isDeepStrictEqual } from 'node:util';
import { ownerReferencesOf } from '../../controller-utils/controller-ref.js';
import type { ObjectIdentity } from './graph.js';
import type { ResourceMapper } from './resource-mapper.js';

export type PropagationPolicy = 'Background' | 'Foreground' | 'Orphan';

/** What the workers need of the API; a fake in unit tests. */
export interface GcApi {
  /** The object as the apiserver has it now, or undefined when NotFound. */
  get(ref: ResourceRef): Promise<KubeObject | undefined>;
  /** Removes the references to these owner uids (a no-op for references already gone). */
  deleteOwnerReferences(item: ObjectIdentity, ownerUids: readonly string[]): Promise<void>;
  /** Sets blockOwnerDeletion=false on these references. */
  unblockOwnerReferences(item: ObjectIdentity, refs: readonly OwnerReference[]): Promise<void>;
  /** Removes one finalizer from the object, if it still is that object and has it. */
  removeFinalizer(item: ObjectIdentity, finalizer: string): Promise<void>;
  /** Deletes `item` as it was at `latest` (its uid and resourceVersion as preconditions). */
  deleteObject(item: ObjectIdentity, latest: KubeObject, policy: PropagationPolicy): Promise<void>;
}

export class ApiOperations implements GcApi {
  constructor(
    private readonly client: ApiClient,
    private readonly mapper: ResourceMapper,
  ) {}

  async get(ref: ResourceRef): Promise<KubeObject | undefined> {
    try {
      return await this.client.get(ref);
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  async deleteOwnerReferences(item: ObjectIdentity, ownerUids: readonly string[]): Promise<void> {
    // Strategic merge by uid, with the dependent's uid as Kubernetes sends it (deleteOwnerRefStrategicMergePatch).
    const patch = { metadata: { ownerReferences: ownerUids.map((uid) => ({ $patch: 'delete', uid })), uid: item.uid } };
    await this.client.patch(this.mapper.refFor(item), 'strategic', patch);
  }

  async unblockOwnerReferences(item: ObjectIdentity, refs: readonly OwnerReference[]): Promise<void> {
    const patch = { metadata: { ownerReferences: refs.map((ref) => ({ uid: ref.uid, blockOwnerDeletion: false })), uid: item.uid } };
    await this.client.patch(this.mapper.refFor(item), 'strategic', patch);
  }

  async removeFinalizer(item: ObjectIdentity, finalizer: string): Promise<void> {
    const ref = this.mapper.refFor(item);
    const current = await this.get(ref);
    if (!current || current.metadata?.uid !== item.uid) return;
    const finalizers = (current.metadata.finalizers as string[] | undefined) ?? [];
    if (!finalizers.includes(finalizer)) return;
    const rest = finalizers.filter((f) => f !== finalizer);
    // The resourceVersion makes it conditional: a finalizer added meanwhile is never dropped (409, retried).
    await this.client.patch(ref, 'merge', { metadata: { finalizers: rest.length > 0 ? rest : null, resourceVersion: current.metadata.resourceVersion } });
  }

  async deleteObject(item: ObjectIdentity, latest: KubeObject, policy: PropagationPolicy): Promise<void> {
    const ref = this.mapper.refFor(item);
    const options = (resourceVersion?: string) => ({ propagationPolicy: policy, preconditions: { uid: item.uid, ...(resourceVersion ? { resourceVersion } : {}) } });
    try {
      await this.client.delete(ref, options(latest.metadata?.resourceVersion));
    } catch (err) {
      if (!isConflict(err)) throw err;
      // Changed since it was judged: still delete it if its owners are the ones it was judged by.
      const live = await this.client.get(ref);
      if (live.metadata?.uid !== item.uid || !isDeepStrictEqual(ownerReferencesOf(live), ownerReferencesOf(latest))) throw err;
      await this.client.delete(ref, options());
    }
  }
}
