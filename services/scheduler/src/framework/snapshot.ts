// The nodes and pods one scheduling cycle sees (the scheduler cache's Snapshot): every plugin
// reads the same state for the whole cycle, whatever the informers deliver meanwhile.
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { NodeInfo } from './node-info.js';

/**
 * The nodes taking turns by zone (the cache's nodeTree): the first node of each zone, then the
 * second of each, and so on, so that a sample of the first nodes spreads over zones.
 */
function interleaveZones(nodeInfos: readonly NodeInfo[]): NodeInfo[] {
  const byZone = new Map<string, NodeInfo[]>();
  for (const info of nodeInfos) {
    const zone = info.zone;
    const nodes = byZone.get(zone);
    if (nodes === undefined) byZone.set(zone, [info]);
    else nodes.push(info);
  }
  const zones = [...byZone.values()];
  const longest = Math.max(0, ...zones.map((nodes) => nodes.length));
  const ordered: NodeInfo[] = [];
  for (let i = 0; i < longest; i++) {
    for (const nodes of zones) if (i < nodes.length) ordered.push(nodes[i]);
  }
  return ordered;
}

const isTerminal = (pod: Pod): boolean => pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';

export class Snapshot {
  private readonly nodeInfos: readonly NodeInfo[];
  private readonly byName: ReadonlyMap<string, NodeInfo>;

  constructor(nodeInfos: readonly NodeInfo[]) {
    this.nodeInfos = interleaveZones(nodeInfos);
    this.byName = new Map(this.nodeInfos.map((info) => [info.name, info]));
  }

  /**
   * A snapshot from the nodes and the pods bound to them. Pods of nodes not in the list are left
   * out, and so are finished pods, which hold nothing (the scheduler does not even watch them).
   */
  static fromNodesAndPods(nodes: readonly Node[], pods: readonly Pod[]): Snapshot {
    const podsByNode = new Map<string, Pod[]>();
    for (const pod of pods) {
      const nodeName = pod.spec?.nodeName;
      if (!nodeName || isTerminal(pod)) continue;
      const onNode = podsByNode.get(nodeName);
      if (onNode === undefined) podsByNode.set(nodeName, [pod]);
      else onNode.push(pod);
    }
    return new Snapshot(nodes.map((node) => new NodeInfo(node, podsByNode.get(node.metadata?.name ?? '') ?? [])));
  }

  list(): readonly NodeInfo[] {
    return this.nodeInfos;
  }

  get(nodeName: string): NodeInfo | undefined {
    return this.byName.get(nodeName);
  }

  get numNodes(): number {
    return this.nodeInfos.length;
  }

  /** Nodes running a pod with any pod affinity or anti-affinity (HavePodsWithAffinityList). */
  havePodsWithAffinityList(): readonly NodeInfo[] {
    return this.nodeInfos.filter((info) => info.podsWithAffinity.length > 0);
  }

  /** Nodes running a pod with required anti-affinity (HavePodsWithRequiredAntiAffinityList). */
  havePodsWithRequiredAntiAffinityList(): readonly NodeInfo[] {
    return this.nodeInfos.filter((info) => info.podsWithRequiredAntiAffinity.length > 0);
  }
}
