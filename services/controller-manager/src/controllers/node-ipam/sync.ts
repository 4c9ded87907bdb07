// The Node IPAM sync (nodeipam's range allocator), level-based on one node's name: a node
// without spec.podCIDR gets the next free /24 of the cluster CIDR; a node that has one keeps
// it (marked taken, so a restarted controller never hands it out twice); a node that is gone
// gives its subnet back.
import type { KubeObject } from '@kubeling/client';
import type { Node } from 'kubernetes-types/core/v1.js';
import { CidrError, type CidrSet } from './cidr-set.js';

export interface NodeIpamDeps {
  /** The informer cache's node of that name. */
  getNode(name: string): Node | undefined;
  /** Writes spec.podCIDR and spec.podCIDRs (a merge patch on the node). */
  patchNode(name: string, patch: unknown): Promise<KubeObject>;
  cidrs: CidrSet;
  /** Which subnet each node holds, as this controller knows it. */
  assigned: Map<string, string>;
}

/** Before any sync: every subnet a node already has is taken, whatever order the nodes are synced in. */
export function occupyExisting(nodes: readonly Node[], deps: NodeIpamDeps): void {
  for (const node of nodes) {
    const cidr = node.spec?.podCIDR;
    const name = node.metadata?.name;
    if (!cidr || !name) continue;
    try {
      deps.cidrs.occupy(cidr);
      deps.assigned.set(name, cidr);
    } catch (err) {
      // A subnet outside the cluster CIDR: that node's sync reports it.
      if (!(err instanceof CidrError)) throw err;
    }
  }
}

export async function syncNode(name: string, deps: NodeIpamDeps): Promise<void> {
  const node = deps.getNode(name);
  const held = deps.assigned.get(name);
  if (!node) {
    if (held) deps.cidrs.release(held);
    deps.assigned.delete(name);
    return;
  }
  const existing = node.spec?.podCIDR;
  if (existing) {
    if (held !== existing) deps.cidrs.occupy(existing);
    deps.assigned.set(name, existing);
    return;
  }
  // Ours from an earlier sync whose patch the cache has not shown yet: write the same one.
  const cidr = held ?? deps.cidrs.allocateNext();
  deps.assigned.set(name, cidr);
  try {
    await deps.patchNode(name, { spec: { podCIDR: cidr, podCIDRs: [cidr] } });
  } catch (err) {
    deps.cidrs.release(cidr);
    deps.assigned.delete(name);
    throw err;
  }
}
