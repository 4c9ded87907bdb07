// Registering a node, as the kubelet's registerWithAPIServer: create it, or take over the
// node of the same name left by an earlier run.
import { isAlreadyExists, type ApiClient, type KubeObject } from '@kubeling/client';
import type { Node } from 'kubernetes-types/core/v1.js';

export type NodeObject = Node & KubeObject;

export const nodesRef = (name?: string, subresource?: string) => ({ version: 'v1', resource: 'nodes', name, subresource });

/**
 * Creates the node; if one of that name exists, writes our status over its status and
 * keeps the rest (labels, taints, spec), so whatever was done to it meanwhile stays.
 * Resolves to the stored node.
 */
export async function registerNode(client: ApiClient, node: Node): Promise<NodeObject> {
  try {
    return await client.create<NodeObject>(nodesRef(), node);
  } catch (err) {
    if (!isAlreadyExists(err)) throw err;
  }
  // No resourceVersion: the status is ours whatever the stored one says (nodes allow unconditional updates).
  const name = node.metadata!.name!;
  return client.update<NodeObject>(nodesRef(name, 'status'), { apiVersion: 'v1', kind: 'Node', metadata: { name }, status: node.status });
}
