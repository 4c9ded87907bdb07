// SwapNodeControllerTaint: taints added and removed in one write of the node's taint list,
// conditional on the resourceVersion it was computed from; a conflict is retried on a fresh
// read (the first try uses the caller's, usually cached, copy).
import { isConflict, isNotFound, type ApiClient, type KubeObject } from '@kubeling/client';
import { rfc3339 } from '@kubeling/api/meta-time';
import type { Node, Taint } from 'kubernetes-types/core/v1.js';
import { swapTaints } from './taints.js';

const MAX_ATTEMPTS = 5;

export type NodeClient = Pick<ApiClient, 'get' | 'patch'>;

const nodeRef = (name: string) => ({ version: 'v1', resource: 'nodes', name });

/** Resolves true when the node's taints were changed, false when there was nothing to change or the node is gone. */
export async function swapNodeTaints(client: NodeClient, node: Node, add: readonly Taint[], remove: readonly Taint[], now: Date): Promise<boolean> {
  const name = node.metadata!.name!;
  let current = node;
  for (let attempt = 1; ; attempt++) {
    const taints = swapTaints(current.spec?.taints, add, remove, rfc3339(now));
    if (!taints) return false;
    try {
      await client.patch(nodeRef(name), 'merge', { metadata: { resourceVersion: current.metadata?.resourceVersion }, spec: { taints: taints.length > 0 ? taints : null } });
      return true;
    } catch (err) {
      if (isNotFound(err)) return false;
      if (!isConflict(err) || attempt >= MAX_ATTEMPTS) throw err;
    }
    try {
      current = await client.get<Node & KubeObject>(nodeRef(name));
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
  }
}
