// A node with what is placed on it (framework.NodeInfo): its pods, the resources they request
// (exact and with the scoring defaults), the host ports they hold and the pods with inter-pod
// (anti-)affinity, kept up to date as pods are added and removed.
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { HostPortInfo, type HostPort } from './host-port-info.js';
import { podNonZeroRequest, podResourceRequest } from './pod-requests.js';
import { PodInfo, podKey } from './pod-info.js';
import { parseResourceList, Resource } from './resource.js';
import { zoneKey } from './zone-key.js';

/** The host ports a pod's containers ask for; sidecar init containers run as long as the pod and hold theirs too. */
export function podHostPorts(pod: Pod): HostPort[] {
  const sidecars = (pod.spec?.initContainers ?? []).filter((container) => container.restartPolicy === 'Always');
  return [...(pod.spec?.containers ?? []), ...sidecars].flatMap((container) => container.ports ?? []);
}

export class NodeInfo {
  private readonly podInfos: PodInfo[] = [];
  /** Kept beside the pods so InterPodAffinity need not scan every pod of every node. */
  private readonly withAffinity: PodInfo[] = [];
  private readonly withRequiredAntiAffinity: PodInfo[] = [];
  /** Sum of the pods' requests: what the Fit filter compares with allocatable. */
  readonly requested = new Resource();
  /** Sum with 100m cpu and 200Mi memory for containers that request none: what scoring uses. */
  readonly nonZeroRequested = new Resource();
  readonly usedPorts = new HostPortInfo();
  private current!: Node;
  private allocatableOf!: Resource;
  /** The node's zoneKey, computed once per version of the node. */
  private zoneOf!: string;

  constructor(node: Node, pods: readonly Pod[] = []) {
    this.setNode(node);
    for (const pod of pods) this.addPod(pod);
  }

  get node(): Node {
    return this.current;
  }

  get allocatable(): Resource {
    return this.allocatableOf;
  }

  get zone(): string {
    return this.zoneOf;
  }

  /** A new version of the node (most are heartbeats): its pods and what they hold stay as they are. */
  setNode(node: Node): void {
    this.current = node;
    this.allocatableOf = Resource.fromList(parseResourceList(node.status?.allocatable));
    this.zoneOf = zoneKey(node);
  }

  get name(): string {
    return this.node.metadata?.name ?? '';
  }

  get pods(): readonly PodInfo[] {
    return this.podInfos;
  }

  get podsWithAffinity(): readonly PodInfo[] {
    return this.withAffinity;
  }

  get podsWithRequiredAntiAffinity(): readonly PodInfo[] {
    return this.withRequiredAntiAffinity;
  }

  addPod(pod: Pod): void {
    this.addPodInfo(PodInfo.of(pod));
  }

  addPodInfo(info: PodInfo): void {
    this.podInfos.push(info);
    if (info.hasAffinity()) this.withAffinity.push(info);
    if (info.requiredAntiAffinityTerms.length > 0) this.withRequiredAntiAffinity.push(info);
    this.account(info.pod, 1);
  }

  /** Removes the pod with this pod's key; false when the node does not have it. */
  removePod(pod: Pod): boolean {
    const key = podKey(pod);
    const index = this.podInfos.findIndex((info) => podKey(info.pod) === key);
    if (index < 0) return false;
    const [removed] = this.podInfos.splice(index, 1);
    for (const list of [this.withAffinity, this.withRequiredAntiAffinity]) {
      const at = list.indexOf(removed);
      if (at >= 0) list.splice(at, 1);
    }
    // Subtract what was added: the stored pod, not a possibly updated copy.
    this.account(removed.pod, -1);
    return true;
  }

  private account(pod: Pod, sign: 1 | -1): void {
    this.requested.addResource(podResourceRequest(pod), sign);
    const nonZero = podNonZeroRequest(pod);
    this.nonZeroRequested.milliCPU += sign * nonZero.milliCPU;
    this.nonZeroRequested.memory += sign * nonZero.memory;
    for (const port of podHostPorts(pod)) {
      if (sign > 0) this.usedPorts.add(port);
      else this.usedPorts.remove(port);
    }
  }
}
