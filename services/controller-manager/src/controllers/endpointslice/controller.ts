// The EndpointSlice controller (pkg/controller/endpointslice): service and pod events enqueue
// service keys; slice events enqueue their service unless they echo our own writes.
import { labelSelectorFromSet } from '@kubeling/api/selectors/label-selector';
import { DeletedFinalStateUnknown, Lister, RateLimitingQueue, type ApiClient, type KubeObject, type SharedIndexInformer, type SharedInformerFactory } from '@kubeling/client';
import type { Node } from 'kubernetes-types/core/v1.js';
import type { Logger } from 'pino';
import { enqueueServicesOnEvents, podsOfService, type PodObject, type ServiceObject } from '../../controller-utils/service-pods.js';
import { runWorkers } from '../../worker-loop.js';
import { CONTROLLER_NAME, LABEL_MANAGED_BY, LABEL_SERVICE_NAME, type SliceObject } from './desired-endpoints.js';
import { managedByController } from './slice-meta.js';
import { EndpointSliceTracker, serviceKeyOfSlice } from './slice-tracker.js';
import { syncEndpointSlices, type SliceSyncDeps } from './sync.js';

const SLICES = { group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices' };
/** --max-endpoints-per-slice's default. */
export const DEFAULT_MAX_ENDPOINTS_PER_SLICE = 100;

export interface EndpointSliceOptions {
  maxEndpointsPerSlice?: number;
}

export class EndpointSliceController {
  private readonly queue = new RateLimitingQueue<string>();
  private readonly tracker = new EndpointSliceTracker();
  private readonly deps: SliceSyncDeps;
  private readonly log: Logger;

  constructor(client: ApiClient, factory: SharedInformerFactory, options: EndpointSliceOptions, log: Logger) {
    this.log = log.child({ controller: 'endpointslice' });
    const services = factory.informerFor<ServiceObject>({ version: 'v1', resource: 'services' });
    const pods = factory.informerFor<PodObject>({ version: 'v1', resource: 'pods' });
    const nodes = factory.informerFor<Node & KubeObject>({ version: 'v1', resource: 'nodes' });
    const slices = factory.informerFor<SliceObject>(SLICES);
    const serviceLister = new Lister(services.getIndexer());
    const podLister = new Lister(pods.getIndexer());
    const sliceLister = new Lister(slices.getIndexer());
    enqueueServicesOnEvents(services, pods, serviceLister, (key) => this.queue.add(key));
    this.watchSlices(slices);
    this.deps = {
      getService: (namespace, name) => serviceLister.namespace(namespace).get(name),
      podsOf: (service) => podsOfService(service, podLister),
      slicesOf: (namespace, serviceName) => sliceLister.namespace(namespace).list(labelSelectorFromSet({ [LABEL_SERVICE_NAME]: serviceName, [LABEL_MANAGED_BY]: CONTROLLER_NAME })),
      getNode: (name) => nodes.getIndexer().getByKey(name),
      tracker: this.tracker,
      maxEndpointsPerSlice: options.maxEndpointsPerSlice ?? DEFAULT_MAX_ENDPOINTS_PER_SLICE,
      createSlice: (slice) => client.create<SliceObject>({ ...SLICES, namespace: slice.metadata!.namespace }, slice),
      updateSlice: (slice) => client.update<SliceObject>({ ...SLICES, namespace: slice.metadata!.namespace, name: slice.metadata!.name }, slice),
      deleteSlice: (namespace, name) => client.delete({ ...SLICES, namespace, name }),
    };
  }

  /** Works until stop(); call once the informers have synced. */
  run(workers = 1): Promise<void> {
    return runWorkers(this.queue, (key) => syncEndpointSlices(key, this.deps, this.log), workers, this.log);
  }

  stop(): void {
    this.queue.shutDown();
  }

  private enqueueSliceService(slice: SliceObject): void {
    const key = serviceKeyOfSlice(slice);
    if (key) this.queue.add(key);
  }

  private watchSlices(slices: SharedIndexInformer<SliceObject>): void {
    slices.addEventHandler({
      onAdd: (slice) => {
        if (managedByController(slice) && this.tracker.shouldSync(slice)) this.enqueueSliceService(slice);
      },
      onUpdate: (old, cur) => {
        // A relabelled slice concerns both services; labels do not move the generation.
        if (serviceKeyOfSlice(old) !== serviceKeyOfSlice(cur)) {
          this.enqueueSliceService(old);
          this.enqueueSliceService(cur);
        } else if (managedByController(old) !== managedByController(cur) || (managedByController(cur) && this.tracker.shouldSync(cur))) {
          this.enqueueSliceService(cur);
        }
      },
      onDelete: (obj) => {
        const slice = obj instanceof DeletedFinalStateUnknown ? obj.obj : obj;
        // Someone else's delete: the service gets its slice back.
        if (managedByController(slice) && !this.tracker.handleDeletion(slice)) this.enqueueSliceService(slice);
      },
    });
  }
}
