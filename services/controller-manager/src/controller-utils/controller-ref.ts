// ownerReferences as controllers use them: the one reference with controller=true is an
// object's controller (metav1.GetControllerOf), and a controller stamps that reference on
// what it creates or adopts (metav1.NewControllerRef).
import type { KubeObject } from '@kubeling/client';
import type { OwnerReference } from 'kubernetes-types/meta/v1.js';

/** The apiVersion and kind an owner reference names. */
export interface OwnerKind {
  apiVersion: string;
  kind: string;
}

export function ownerReferencesOf(obj: KubeObject): OwnerReference[] {
  return (obj.metadata?.ownerReferences as OwnerReference[] | undefined) ?? [];
}

export function controllerOf(obj: KubeObject): OwnerReference | undefined {
  return ownerReferencesOf(obj).find((ref) => ref.controller === true);
}

/** The reference to `owner` as controller; blockOwnerDeletion so a foreground delete waits for the dependent. */
export function newControllerRef(owner: KubeObject, kind: OwnerKind): OwnerReference {
  return { apiVersion: kind.apiVersion, kind: kind.kind, name: owner.metadata!.name!, uid: owner.metadata!.uid!, controller: true, blockOwnerDeletion: true };
}
