// The endpoints controller (pkg/controller/endpoint): service and pod events enqueue service
// keys; an Endpoints object deleted by someone else enqueues its service, which rewrites it.
import { DeletedFinalStateUnknown, Lister, metaNamespaceKeyFunc, RateLimitingQueue, type ApiClient, type SharedInformerFactory } from '@kubeling/client';
import type { Logger } from 'pino';
import { enqueueServicesOnEvents, podsOfService, type PodObject, type ServiceObject } from '../../controller-utils/service-pods.js';
import { runWorkers } from '../../worker-loop.js';
import { syncEndpoints, type EndpointsObject, type EndpointsSyncDeps } from './sync.js';

const ENDPOINTS = { version: 'v1', resource: 'endpoints' };
/** resourcelock's annotation: Endpoints used as a leader-election lock have no service and are left alone. */
const LEADER_ANNOTATION = 'control-plane.alpha.kubernetes.io/leader';

export class EndpointsController {
  private readonly queue = new RateLimitingQueue<string>();
  private readonly deps: EndpointsSyncDeps;
  private readonly endpoints: Lister<EndpointsObject>;
  private readonly log: Logger;

  constructor(client: ApiClient, factory: SharedInformerFactory, log: Logger) {
    this.log = log.child({ controller: 'endpoints' });
    const services = factory.informerFor<ServiceObject>({ version: 'v1', resource: 'services' });
    const pods = factory.informerFor<PodObject>({ version: 'v1', resource: 'pods' });
    const endpoints = factory.informerFor<EndpointsObject>(ENDPOINTS);
    const serviceLister = new Lister(services.getIndexer());
    const podLister = new Lister(pods.getIndexer());
    this.endpoints = new Lister(endpoints.getIndexer());
    const enqueue = (key: string) => this.queue.add(key);
    enqueueServicesOnEvents(services, pods, serviceLister, enqueue);
    endpoints.addEventHandler({ onDelete: (obj) => enqueue(obj instanceof DeletedFinalStateUnknown ? obj.key : metaNamespaceKeyFunc(obj)) });
    this.deps = {
      getService: (namespace, name) => serviceLister.namespace(namespace).get(name),
      podsOf: (service) => podsOfService(service, podLister),
      getEndpoints: (namespace, name) => this.endpoints.namespace(namespace).get(name),
      createEndpoints: (obj) => client.create({ ...ENDPOINTS, namespace: obj.metadata!.namespace }, obj),
      updateEndpoints: (obj) => client.update({ ...ENDPOINTS, namespace: obj.metadata!.namespace, name: obj.metadata!.name }, obj),
      deleteEndpoints: (namespace, name) => client.delete({ ...ENDPOINTS, namespace, name }),
    };
  }

  /** Works until stop(); call once the informers have synced. */
  run(workers = 1): Promise<void> {
    this.checkLeftoverEndpoints();
    return runWorkers(this.queue, (key) => syncEndpoints(key, this.deps, this.log), workers, this.log);
  }

  stop(): void {
    this.queue.shutDown();
  }

  /** Every Endpoints object's service is synced once at start: one whose service was deleted while no controller ran goes. */
  private checkLeftoverEndpoints(): void {
    for (const endpoints of this.endpoints.list()) {
      if (endpoints.metadata?.annotations?.[LEADER_ANNOTATION] !== undefined) continue;
      this.queue.add(metaNamespaceKeyFunc(endpoints));
    }
  }
}
