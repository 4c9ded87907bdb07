// A framework.Handle over fixed objects, for running plugins in tests without a scheduler loop.
import type { Namespace, ReplicationController, Service } from 'kubernetes-types/core/v1.js';
import type { ReplicaSet, StatefulSet } from 'kubernetes-types/apps/v1.js';
import type { BindingClient, ClusterListers, Handle } from '../interface.js';
import type { Snapshot } from '../snapshot.js';

export interface ListedObjects {
  namespaces?: Namespace[];
  services?: Service[];
  replicationControllers?: ReplicationController[];
  replicaSets?: ReplicaSet[];
  statefulSets?: StatefulSet[];
}

type Named = { metadata?: { name?: string; namespace?: string } };

const inNamespace = <T extends Named>(objects: readonly T[] | undefined, namespace: string): T[] => (objects ?? []).filter((o) => o.metadata?.namespace === namespace);
const byName = <T extends Named>(objects: readonly T[] | undefined, namespace: string, name: string): T | undefined =>
  inNamespace(objects, namespace).find((o) => o.metadata?.name === name);

export function fakeListers(objects: ListedObjects = {}): ClusterListers {
  return {
    namespace: (name) => (objects.namespaces ?? []).find((namespace) => namespace.metadata?.name === name),
    namespaces: () => objects.namespaces ?? [],
    services: (namespace) => inNamespace(objects.services, namespace),
    replicationController: (namespace, name) => byName(objects.replicationControllers, namespace, name),
    replicaSet: (namespace, name) => byName(objects.replicaSets, namespace, name),
    statefulSet: (namespace, name) => byName(objects.statefulSets, namespace, name),
  };
}

/** A client that records what bind plugins create, failing when told to. */
export function recordingClient(fail?: (ref: unknown) => Error | undefined): BindingClient & { created: Array<{ ref: unknown; body: unknown }> } {
  const created: Array<{ ref: unknown; body: unknown }> = [];
  return {
    created,
    create: async (ref, body) => {
      const err = fail?.(ref);
      if (err) throw err;
      created.push({ ref, body });
      return body;
    },
  };
}

export function fakeHandle(snapshot: Snapshot, objects: ListedObjects = {}, client: BindingClient = recordingClient()): Handle {
  return { snapshot: () => snapshot, listers: fakeListers(objects), client };
}
