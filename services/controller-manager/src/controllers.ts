// The controllers this process can run, by the names --controllers takes, and which run by
// default (kube-controller-manager's NewControllerDescriptors).
import type { ApiClient, SharedInformerFactory } from '@kubeling/client';
import type { Logger } from 'pino';
import { DeploymentController } from './controllers/deployment/controller.js';
import { EndpointsController } from './controllers/endpoints/controller.js';
import { EndpointSliceController } from './controllers/endpointslice/controller.js';
import { GarbageCollectorController } from './controllers/garbage-collector/controller.js';
import { NamespaceController } from './controllers/namespace/controller.js';
import { NodeIpamController } from './controllers/node-ipam/controller.js';
import { NodeLifecycleController } from './controllers/node-lifecycle/controller.js';
import { ReplicaSetController } from './controllers/replicaset/controller.js';
import { REPLICA_SET, REPLICATION_CONTROLLER } from './controllers/replicaset/replica-set-kind.js';
import { ServiceAccountsController } from './controllers/serviceaccount/controller.js';
import { TaintEvictionController } from './controllers/taint-eviction/controller.js';
import type { ControllerManagerFlags } from './flags.js';

export interface ControllerContext {
  client: ApiClient;
  factory: SharedInformerFactory;
  flags: ControllerManagerFlags;
  log: Logger;
}

export interface RunningController {
  /** Works until stop(); called once the informers have synced. */
  run(): Promise<void>;
  stop(): void;
}

interface ControllerDescriptor {
  name: string;
  /** A controller that needs settings it lacks is not started (undefined), with the reason logged. */
  start(ctx: ControllerContext): RunningController | undefined;
}

/** A controller as this process drives it: run with some workers until stopped. */
interface Controller {
  run(workers?: number): Promise<void>;
  stop(): void;
}

/** The common case: a controller that always starts, run with the workers its --concurrent-*-syncs flag gives. */
function descriptor(name: string, make: (ctx: ControllerContext) => Controller, workers?: (flags: ControllerManagerFlags) => number): ControllerDescriptor {
  return {
    name,
    start(ctx) {
      const controller = make(ctx);
      return { run: () => controller.run(workers?.(ctx.flags)), stop: () => controller.stop() };
    },
  };
}

const DESCRIPTORS: readonly ControllerDescriptor[] = [
  descriptor('deployment-controller', ({ client, factory, log }) => new DeploymentController(client, factory, log), (f) => f.concurrentSyncs.deployment),
  descriptor('endpoints-controller', ({ client, factory, log }) => new EndpointsController(client, factory, log), (f) => f.concurrentSyncs.endpoint),
  descriptor(
    'endpointslice-controller',
    ({ client, factory, flags, log }) => new EndpointSliceController(client, factory, { maxEndpointsPerSlice: flags.maxEndpointsPerSlice }, log),
    (f) => f.concurrentSyncs.serviceEndpoint,
  ),
  descriptor('garbage-collector-controller', ({ client, factory, log }) => new GarbageCollectorController(client, factory, log), (f) => f.concurrentSyncs.gc),
  descriptor('namespace-controller', ({ client, factory, log }) => new NamespaceController(client, factory, log), (f) => f.concurrentSyncs.namespace),
  {
    name: 'node-ipam-controller',
    start: ({ client, factory, flags, log }) => {
      if (!flags.allocateNodeCidrs || !flags.clusterCidr) {
        log.info({ controller: 'node-ipam-controller' }, 'not started: --allocate-node-cidrs is false');
        return undefined;
      }
      const controller = new NodeIpamController(client, factory, { clusterCidr: flags.clusterCidr, nodeCidrMaskSize: flags.nodeCidrMaskSize }, log);
      return { run: () => controller.run(), stop: () => controller.stop() };
    },
  },
  descriptor('node-lifecycle-controller', ({ client, factory, flags, log }) => new NodeLifecycleController(client, factory, flags, log.child({ controller: 'node-lifecycle-controller' }))),
  descriptor('replicaset-controller', ({ client, factory, log }) => new ReplicaSetController(client, factory, REPLICA_SET, log), (f) => f.concurrentSyncs.replicaset),
  descriptor('replicationcontroller-controller', ({ client, factory, log }) => new ReplicaSetController(client, factory, REPLICATION_CONTROLLER, log), (f) => f.concurrentSyncs.rc),
  descriptor('serviceaccount-controller', ({ client, factory, log }) => new ServiceAccountsController(client, factory, log), (f) => f.concurrentSyncs.serviceaccount),
  descriptor('taint-eviction-controller', ({ client, factory, log }) => new TaintEvictionController(client, factory, log.child({ controller: 'taint-eviction-controller' }))),
];

export const KNOWN_CONTROLLERS = DESCRIPTORS.map((d) => d.name);

/** Which controllers --controllers turns on: `*` means all of them, `-name` turns one off, a bare name turns it on. */
export function enabledControllers(spec: readonly string[]): ControllerDescriptor[] {
  for (const item of spec) {
    const name = item.replace(/^-/, '');
    if (name !== '*' && !KNOWN_CONTROLLERS.includes(name)) throw new Error(`"${name}" is not in the list of known controllers`);
  }
  return DESCRIPTORS.filter((d) => !spec.includes(`-${d.name}`) && (spec.includes('*') || spec.includes(d.name)));
}
