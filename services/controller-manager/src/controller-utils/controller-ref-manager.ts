// Adoption and release (controller.ControllerRefManager's ClaimObject): of the objects a
// controller sees in its namespace, it keeps those it controls that its selector still
// matches, releases those it controls that no longer match, and adopts matching orphans;
// objects controlled by someone else are left alone.
import { isInvalid, isNotFound, type KubeObject, type Selector } from '@kubeling/client';
import { controllerOf, newControllerRef, type OwnerKind } from './controller-ref.js';

export interface ClaimDeps {
  /** The owner as the apiserver has it now: adoption is refused if it is gone, replaced or being deleted. */
  getFreshOwner(): Promise<KubeObject | undefined>;
  /** A strategic merge patch on the dependent. */
  patch(namespace: string, name: string, patch: unknown): Promise<unknown>;
}

export class ControllerRefManager<T extends KubeObject> {
  private canAdopt?: Promise<void>;

  constructor(
    private readonly owner: KubeObject,
    private readonly ownerKind: OwnerKind,
    private readonly selector: Selector,
    private readonly deps: ClaimDeps,
  ) {}

  /** The objects this owner controls after adopting and releasing; the given objects are not changed. */
  async claim(objects: readonly T[]): Promise<T[]> {
    const claimed: T[] = [];
    const failures: Error[] = [];
    for (const obj of objects) {
      try {
        if (await this.claimOne(obj)) claimed.push(obj);
      } catch (err) {
        failures.push(err as Error);
      }
    }
    // Adopting the rest still counts; the sync that failed one is retried as a whole.
    if (failures.length > 0) throw failures[0];
    return claimed;
  }

  private ownerDeleting(): boolean {
    return Boolean(this.owner.metadata?.deletionTimestamp);
  }

  private matches(obj: T): boolean {
    return this.selector.matches(obj.metadata?.labels as Record<string, string> | undefined);
  }

  private async claimOne(obj: T): Promise<boolean> {
    const ref = controllerOf(obj);
    if (ref) {
      if (ref.uid !== this.owner.metadata?.uid) return false;
      if (this.matches(obj)) return true;
      // Being deleted, the owner lets the garbage collector deal with what it controls.
      if (this.ownerDeleting()) return false;
      await this.release(obj);
      return false;
    }
    if (this.ownerDeleting() || !this.matches(obj)) return false;
    if (obj.metadata?.deletionTimestamp) return false;
    if (obj.metadata?.namespace !== this.owner.metadata?.namespace) return false;
    return this.adopt(obj);
  }

  private async adopt(obj: T): Promise<boolean> {
    this.canAdopt ??= this.checkCanAdopt();
    await this.canAdopt;
    // metadata.uid in the patch: a dependent deleted and recreated under the same name is not adopted blindly.
    const patch = { metadata: { ownerReferences: [newControllerRef(this.owner, this.ownerKind)], uid: obj.metadata?.uid } };
    try {
      await this.deps.patch(obj.metadata!.namespace!, obj.metadata!.name!, patch);
      return true;
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
  }

  private async release(obj: T): Promise<void> {
    const patch = { metadata: { ownerReferences: [{ $patch: 'delete', uid: this.owner.metadata!.uid }], uid: obj.metadata?.uid } };
    try {
      await this.deps.patch(obj.metadata!.namespace!, obj.metadata!.name!, patch);
    } catch (err) {
      // Gone, or replaced by another object of that name: nothing of ours to release.
      if (isNotFound(err) || isInvalid(err)) return;
      throw err;
    }
  }

  private async checkCanAdopt(): Promise<void> {
    const fresh = await this.deps.getFreshOwner();
    const name = `${this.owner.metadata?.namespace}/${this.owner.metadata?.name}`;
    if (!fresh || fresh.metadata?.uid !== this.owner.metadata?.uid) throw new Error(`original ${this.ownerKind.kind} ${name} is gone: got uid ${fresh?.metadata?.uid}, wanted ${this.owner.metadata?.uid}`);
    if (fresh.metadata?.deletionTimestamp) throw new Error(`${this.ownerKind.kind} ${name} has just been deleted at ${String(fresh.metadata.deletionTimestamp)}`);
  }
}
