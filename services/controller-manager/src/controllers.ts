// The controllers this process can run, by the names --controllers takes, and which run by
// default (kube-controller-manager's NewControllerDescriptors).
import type { ApiClient, SharedInformerFactory } from '@kubeling/client';
import type { Logger } from 'pino';
import { NodeIpamController } from './controllers/node-ipam/controller.js';
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
