// The cluster state plugins read besides nodes and pods (framework.ClusterListers), from the
// shared informers' caches.
import { NAMESPACE_INDEX, type KubeObject, type SharedInformerFactory, type SharedIndexInformer } from '@kubeling/client';
import type { ReplicaSet, StatefulSet } from 'kubernetes-types/apps/v1.js';
import type { Namespace, ReplicationController, Service } from 'kubernetes-types/core/v1.js';
import type { ClusterListers } from './framework/index.js';

const key = (namespace: string, name: string) => `${namespace}/${name}`;

export function informerListers(factory: SharedInformerFactory): ClusterListers {
  const informer = (group: string, resource: string) => factory.informerFor<KubeObject>({ group, version: 'v1', resource });
  const namespaces = informer('', 'namespaces');
  const services = informer('', 'services');
  const controllers = informer('', 'replicationcontrollers');
  const replicaSets = informer('apps', 'replicasets');
  const statefulSets = informer('apps', 'statefulsets');
  const get = <T>(i: SharedIndexInformer<KubeObject>, k: string) => i.getIndexer().getByKey(k) as T | undefined;
  return {
    namespace: (name) => get<Namespace>(namespaces, name),
    namespaces: () => namespaces.getIndexer().list() as Namespace[],
    services: (namespace) => services.getIndexer().byIndex(NAMESPACE_INDEX, namespace) as Service[],
    replicationController: (namespace, name) => get<ReplicationController>(controllers, key(namespace, name)),
    replicaSet: (namespace, name) => get<ReplicaSet>(replicaSets, key(namespace, name)),
    statefulSet: (namespace, name) => get<StatefulSet>(statefulSets, key(namespace, name)),
  };
}
