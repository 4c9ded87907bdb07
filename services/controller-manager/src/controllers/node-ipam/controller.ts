// The Node IPAM controller: node events enqueue the node's name; syncNode does the rest.
import { deletionHandlingMetaNamespaceKeyFunc, RateLimitingQueue, type ApiClient, type KubeObject, type SharedInformerFactory } from '@kubeling/client';
import type { Node } from 'kubernetes-types/core/v1.js';
import type { Logger } from 'pino';
import { runWorkers } from '../../worker-loop.js';
import { CidrSet } from './cidr-set.js';
import { occupyExisting, syncNode } from './sync.js';

export interface NodeIpamOptions {
  /** --cluster-cidr */
  clusterCidr: string;
  /** --node-cidr-mask-size */
  nodeCidrMaskSize?: number;
}

export class NodeIpamController {
  private readonly queue = new RateLimitingQueue<string>();
  private readonly deps;
  private readonly nodes: () => Node[];

  constructor(client: ApiClient, factory: SharedInformerFactory, options: NodeIpamOptions, private readonly log: Logger) {
    const nodes = factory.informerFor<Node & KubeObject>({ version: 'v1', resource: 'nodes' });
    this.nodes = () => nodes.getIndexer().list() as Node[];
    const enqueue = (obj: Parameters<typeof deletionHandlingMetaNamespaceKeyFunc>[0]) => this.queue.add(deletionHandlingMetaNamespaceKeyFunc(obj));
    nodes.addEventHandler({ onAdd: enqueue, onUpdate: (_old, obj) => enqueue(obj), onDelete: enqueue });
    this.deps = {
      getNode: (name: string) => nodes.getIndexer().getByKey(name) as Node | undefined,
      patchNode: (name: string, patch: unknown) => client.patch({ version: 'v1', resource: 'nodes', name }, 'merge', patch),
      cidrs: new CidrSet(options.clusterCidr, options.nodeCidrMaskSize ?? 24),
      assigned: new Map<string, string>(),
    };
  }

  /** Works until stop(); call once the informers have synced, so every held subnet is known before any is handed out. */
  run(workers = 1): Promise<void> {
    occupyExisting(this.nodes(), this.deps);
    return runWorkers(this.queue, (name) => syncNode(name, this.deps), workers, this.log.child({ controller: 'node-ipam' }));
  }

  stop(): void {
    this.queue.shutDown();
  }
}
