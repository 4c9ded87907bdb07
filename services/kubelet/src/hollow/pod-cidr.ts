// Fake pod CIDRs for hollow nodes: each node owns a /24 derived from its index, as a node's
// podCIDR would be, so that every pod in the cluster gets a distinct, plausible address.
// Nothing ever listens on them: they only fill in status.podIP.

/** The second octet of node 0's range: clear of the default service range (10.96.0.0/16) and of each other. */
const FIRST_OCTET2 = 128;

/** How many nodes can have a distinct /24 under 10.128.0.0/9. */
export const MAX_HOLLOW_NODES = (256 - FIRST_OCTET2) * 256;

/** The /24 of node `index`: 10.128.0.0/24 for node 0, 10.128.1.0/24 for node 1, 10.129.0.0/24 for node 256. */
export function podCidr(index: number): string {
  if (!Number.isInteger(index) || index < 0 || index >= MAX_HOLLOW_NODES) throw new RangeError(`node index ${index} is outside 0..${MAX_HOLLOW_NODES - 1}`);
  return `10.${FIRST_OCTET2 + (index >> 8)}.${index & 255}.0/24`;
}
