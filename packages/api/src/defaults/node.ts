// Nodes: SetDefaults_NodeStatus and the resource lists the node status carries; NodeSpec is a
// struct, so a node always has a spec.
import { child, optional, type Obj } from './fields.js';
import { defaultResourceList } from './resource-list.js';

/** Allocatable defaults to capacity when the kubelet reports only capacity. */
export function defaultNode(node: Obj): void {
  child(node, 'spec');
  const status = optional(node, 'status');
  if (!status) return;
  defaultResourceList(status, 'capacity');
  defaultResourceList(status, 'allocatable');
  const capacity = optional(status, 'capacity');
  if (capacity && (status.allocatable === undefined || status.allocatable === null)) status.allocatable = { ...capacity };
}
