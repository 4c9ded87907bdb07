// The scheduler's view of where pods are (kube-scheduler's internal/cache): the nodes, the pods
// bound to them, and the pods it has assumed onto a node while their binding is in flight, so
// that two pods never overbook a node between the choice and the informer's confirmation.
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { NodeInfo } from '../framework/node-info.js';
import { podKey } from '../framework/pod-info.js';
import { Snapshot } from '../framework/snapshot.js';

interface PodState {
  pod: Pod;
  /** Chosen by this scheduler, not yet seen bound by the informer. */
  assumed: boolean;
}

const isTerminal = (pod: Pod): boolean => pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';

export class SchedulerCache {
  private readonly nodes = new Map<string, NodeInfo>();
  /** Pods by node name, including nodes the cache has not seen yet (their pods count once they come). */
  private readonly podsByNode = new Map<string, Map<string, Pod>>();
  private readonly pods = new Map<string, PodState>();
  private current?: Snapshot;

  addNode(node: Node): void {
    const name = node.metadata?.name ?? '';
    const known = this.nodes.get(name);
    if (!known) {
      this.nodes.set(name, new NodeInfo(node, [...(this.podsByNode.get(name)?.values() ?? [])]));
      this.current = undefined;
      return;
    }
    const zone = known.zone;
    known.setNode(node);
    // The snapshot orders nodes by zone; only a zone change reorders them.
    if (known.zone !== zone) this.current = undefined;
  }

  updateNode(node: Node): void {
    this.addNode(node);
  }

  removeNode(node: Node): void {
    this.nodes.delete(node.metadata?.name ?? '');
    this.current = undefined;
  }

  /** A pod the informer reports bound to a node; confirms it if this scheduler had assumed it. */
  addPod(pod: Pod): void {
    const key = podKey(pod);
    const known = this.pods.get(key);
    if (known) this.place(known.pod, -1);
    if (isTerminal(pod)) {
      this.pods.delete(key);
      return;
    }
    this.pods.set(key, { pod, assumed: false });
    this.place(pod, 1);
  }

  updatePod(pod: Pod): void {
    this.addPod(pod);
  }

  removePod(pod: Pod): void {
    const key = podKey(pod);
    const known = this.pods.get(key);
    if (!known) return;
    this.place(known.pod, -1);
    this.pods.delete(key);
  }

  /** Counts `pod` (with spec.nodeName set to the chosen node) against its node at once. */
  assumePod(pod: Pod): void {
    const key = podKey(pod);
    if (this.pods.has(key)) throw new Error(`pod ${key} is already in the cache, so it cannot be assumed`);
    this.pods.set(key, { pod, assumed: true });
    this.place(pod, 1);
  }

  /** Undoes assumePod after a failed binding; a pod the informer has since confirmed stays. */
  forgetPod(pod: Pod): void {
    const key = podKey(pod);
    const known = this.pods.get(key);
    if (!known?.assumed) return;
    this.place(known.pod, -1);
    this.pods.delete(key);
  }

  isAssumed(pod: Pod): boolean {
    return this.pods.get(podKey(pod))?.assumed === true;
  }

  /** True when the pod is counted on a node already (assumed or bound). */
  has(pod: Pod): boolean {
    return this.pods.has(podKey(pod));
  }

  /**
   * The nodes for a scheduling cycle. A cycle runs without yielding, so it may read the live
   * NodeInfos; only the node list (zone-interleaved) is rebuilt, when nodes change.
   */
  snapshot(): Snapshot {
    this.current ??= new Snapshot([...this.nodes.values()]);
    return this.current;
  }

  get nodeCount(): number {
    return this.nodes.size;
  }

  private place(pod: Pod, sign: 1 | -1): void {
    const nodeName = pod.spec?.nodeName ?? '';
    const key = podKey(pod);
    let onNode = this.podsByNode.get(nodeName);
    if (sign === 1) {
      if (!onNode) this.podsByNode.set(nodeName, (onNode = new Map()));
      onNode.set(key, pod);
      this.nodes.get(nodeName)?.addPod(pod);
      return;
    }
    onNode?.delete(key);
    if (onNode?.size === 0) this.podsByNode.delete(nodeName);
    this.nodes.get(nodeName)?.removePod(pod);
  }
}
