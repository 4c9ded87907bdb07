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

const DESCRIPTORS: readonly ControllerDescriptor[] = [
  {
    name: 'deployment-controller',
    start: ({ client, factory, flags, log }) => {
      const controller = new DeploymentController(client, factory, log);
      return { run: () => controller.run(flags.concurrentSyncs.deployment), stop: () => controller.stop() };
    },
  },
  {
    name: 'endpoints-controller',
    start: ({ client, factory, flags, log }) => {
      const controller = new EndpointsController(client, factory, log);
      return { run: () => controller.run(flags.concurrentSyncs.endpoint), stop: () => controller.stop() };
    },
  },
  {
    name: 'endpointslice-controller',
    start: ({ client, factory, flags, log }) => {
      const controller = new EndpointSliceController(client, factory, { maxEndpointsPerSlice: flags.maxEndpointsPerSlice }, log);
      return { run: () => controller.run(flags.concurrentSyncs.serviceEndpoint), stop: () => controller.stop() };
    },
  },
  {
    name: 'garbage-collector-controller',
    start: ({ client, factory, flags, log }) => {
      const controller = new GarbageCollectorController(client, factory, log);
      return { run: () => controller.run(flags.concurrentSyncs.gc), stop: () => controller.stop() };
    },
  },
  {
    name: 'namespace-controller',
    start: ({ client, factory, flags, log }) => {
      const controller = new NamespaceController(client, factory, log);
      return { run: () => controller.run(flags.concurrentSyncs.namespace), stop: () => controller.stop() };
    },
  },
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
  {
    name: 'node-lifecycle-controller',
    start: ({ client, factory, flags, log }) => {
      const controller = new NodeLifecycleController(client, factory, flags, log.child({ controller: 'node-lifecycle-controller' }));
      return { run: () => controller.run(), stop: () => controller.stop() };
    },
  },
  {
    name: 'replicaset-controller',
    start: ({ client, factory, flags, log }) => {
      const controller = new ReplicaSetController(client, factory, REPLICA_SET, log);
      return { run: () => controller.run(flags.concurrentSyncs.replicaset), stop: () => controller.stop() };
    },
  },
  {
    name: 'replicationcontroller-controller',
    start: ({ client, factory, flags, log }) => {
      const controller = new ReplicaSetController(client, factory, REPLICATION_CONTROLLER, log);
      return { run: () => controller.run(flags.concurrentSyncs.rc), stop: () => controller.stop() };
    },
  },
  {
    name: 'serviceaccount-controller',
    start: ({ client, factory, flags, log }) => {
      const controller = new ServiceAccountsController(client, factory, log);
      return { run: () => controller.run(flags.concurrentSyncs.serviceaccount), stop: () => controller.stop() };
    },
  },
  {
    name: 'taint-eviction-controller',
    start: ({ client, factory, log }) => {
      const controller = new TaintEvictionController(client, factory, log.child({ controller: 'taint-eviction-controller' }));
      return { run: () => controller.run(), stop: () => controller.stop() };
    },
  },
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
