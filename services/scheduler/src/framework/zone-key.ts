// The failure zone a node is in (utilnode.GetZoneKey): region and zone from the well-known
// topology labels, falling back to the deprecated failure-domain.beta ones.
import type { Node } from 'kubernetes-types/core/v1.js';

const LABEL_TOPOLOGY_ZONE = 'topology.kubernetes.io/zone';
const LABEL_TOPOLOGY_REGION = 'topology.kubernetes.io/region';
export const LABEL_HOSTNAME = 'kubernetes.io/hostname';
const LABEL_FAILURE_DOMAIN_BETA_ZONE = 'failure-domain.beta.kubernetes.io/zone';
const LABEL_FAILURE_DOMAIN_BETA_REGION = 'failure-domain.beta.kubernetes.io/region';

/** '' for a node in no zone; otherwise region and zone joined by a separator no label value contains. */
export function zoneKey(node: Node): string {
  const labels = node.metadata?.labels ?? {};
  const zone = labels[LABEL_TOPOLOGY_ZONE] ?? labels[LABEL_FAILURE_DOMAIN_BETA_ZONE] ?? '';
  const region = labels[LABEL_TOPOLOGY_REGION] ?? labels[LABEL_FAILURE_DOMAIN_BETA_REGION] ?? '';
  return region === '' && zone === '' ? '' : `${region}:\x00:${zone}`;
}
