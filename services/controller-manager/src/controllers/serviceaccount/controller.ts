// The ServiceAccounts controller: a namespace added or updated, or a ServiceAccount deleted,
// enqueues the namespace's name; syncNamespace creates what is missing.
import { deletionHandlingMetaNamespaceKeyFunc, Lister, RateLimitingQueue, splitMetaNamespaceKey, type ApiClient, type KubeObject, type SharedInformerFactory } from '@kubeling/client';
import type { Namespace, ServiceAccount } from 'kubernetes-types/core/v1.js';
import type { Logger } from 'pino';
import { runWorkers } from '../../worker-loop.js';
import { syncNamespace, type ServiceAccountsDeps } from './sync.js';

type NamespaceObject = Namespace & KubeObject;
type ServiceAccountObject = ServiceAccount & KubeObject;

export class ServiceAccountsController {
  private readonly queue = new RateLimitingQueue<string>();
  private readonly deps: ServiceAccountsDeps;
  private readonly log: Logger;

  constructor(client: ApiClient, factory: SharedInformerFactory, log: Logger) {
    this.log = log.child({ controller: 'serviceaccount' });
    const namespaces = factory.informerFor<NamespaceObject>({ version: 'v1', resource: 'namespaces' });
    const serviceAccounts = factory.informerFor<ServiceAccountObject>({ version: 'v1', resource: 'serviceaccounts' });
    namespaces.addEventHandler({ onAdd: (ns) => this.enqueue(ns.metadata?.name), onUpdate: (_old, ns) => this.enqueue(ns.metadata?.name) });
    // A deleted ServiceAccount may be one the namespace must have: recreate it.
    serviceAccounts.addEventHandler({ onDelete: (obj) => this.enqueue(splitMetaNamespaceKey(deletionHandlingMetaNamespaceKeyFunc(obj)).namespace) });
    const namespaceLister = new Lister(namespaces.getIndexer());
    const serviceAccountLister = new Lister(serviceAccounts.getIndexer());
    this.deps = {
      getNamespace: (name) => namespaceLister.get(name),
      getServiceAccount: (namespace, name) => serviceAccountLister.namespace(namespace).get(name),
      createServiceAccount: (namespace, sa) => client.create({ version: 'v1', resource: 'serviceaccounts', namespace }, sa),
    };
  }

  run(workers = 1): Promise<void> {
    return runWorkers(this.queue, (name) => syncNamespace(name, this.deps), workers, this.log);
  }

  stop(): void {
    this.queue.shutDown();
  }

  private enqueue(namespace: string | undefined): void {
    if (namespace) this.queue.add(namespace);
  }
}
