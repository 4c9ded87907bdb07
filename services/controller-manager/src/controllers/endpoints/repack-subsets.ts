// endpoints.RepackSubsets: one subset per distinct set of addresses, holding every port those
// addresses serve; an address ready for a port in any input subset is ready there. The result
// is sorted, so two computations of the same endpoints compare equal.
import type { EndpointAddress, EndpointPort, EndpointSubset } from 'kubernetes-types/core/v1.js';

/** An address is the same endpoint when IP and target pod agree. */
const addressKey = (a: EndpointAddress) => `${a.ip}/${a.targetRef?.uid ?? ''}`;
const portKey = (p: EndpointPort) => JSON.stringify([p.name ?? '', p.port, p.protocol ?? '', p.appProtocol ?? '']);
/** Stands for "no ports" (a headless service without ports), so such addresses are kept. */
const NO_PORTS = '-';

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function compareAddresses(a: EndpointAddress, b: EndpointAddress): number {
  return compare(a.ip, b.ip) || compare(a.targetRef?.uid ?? '', b.targetRef?.uid ?? '');
}

const comparePorts = (a: EndpointPort, b: EndpointPort) => compare(a.name ?? '', b.name ?? '') || a.port - b.port || compare(a.protocol ?? '', b.protocol ?? '');

export function repackSubsets(subsets: readonly EndpointSubset[]): EndpointSubset[] {
  const addresses = new Map<string, EndpointAddress>();
  const ports = new Map<string, EndpointPort>();
  /** port key -> address key -> ready */
  const readiness = new Map<string, Map<string, boolean>>();
  const mark = (port: string, address: EndpointAddress, ready: boolean) => {
    const key = addressKey(address);
    if (!addresses.has(key)) addresses.set(key, address);
    let set = readiness.get(port);
    if (!set) readiness.set(port, (set = new Map()));
    if (!set.get(key)) set.set(key, ready);
  };
  const remember = (p: EndpointPort) => {
    const key = portKey(p);
    ports.set(key, p);
    return key;
  };
  for (const subset of subsets) {
    const keys = subset.ports?.length ? subset.ports.map(remember) : [NO_PORTS];
    for (const port of keys) {
      for (const a of subset.addresses ?? []) mark(port, a, true);
      for (const a of subset.notReadyAddresses ?? []) mark(port, a, false);
    }
  }
  // Ports whose addresses (with their readiness) are the same go into one subset.
  const groups = new Map<string, { set: Map<string, boolean>; ports: EndpointPort[] }>();
  for (const [port, set] of readiness) {
    const hash = JSON.stringify([...set].sort(([a], [b]) => compare(a, b)));
    let group = groups.get(hash);
    if (!group) groups.set(hash, (group = { set, ports: [] }));
    const endpointPort = ports.get(port);
    if (endpointPort) group.ports.push(endpointPort);
  }
  return [...groups.values()].map(({ set, ports }) => subsetOf(set, ports, addresses)).sort((a, b) => compare(JSON.stringify(a), JSON.stringify(b)));
}

function subsetOf(set: Map<string, boolean>, ports: EndpointPort[], addresses: Map<string, EndpointAddress>): EndpointSubset {
  const ready = [...set].filter(([, r]) => r).map(([key]) => addresses.get(key)!);
  const notReady = [...set].filter(([, r]) => !r).map(([key]) => addresses.get(key)!);
  const subset: EndpointSubset = {};
  if (ready.length) subset.addresses = ready.sort(compareAddresses);
  if (notReady.length) subset.notReadyAddresses = notReady.sort(compareAddresses);
  if (ports.length) subset.ports = ports.sort(comparePorts);
  return subset;
}
