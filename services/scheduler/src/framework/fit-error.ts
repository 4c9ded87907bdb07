// Why a pod fits no node (framework.Diagnosis and FitError), and the message the scheduler
// puts in the FailedScheduling event and the PodScheduled condition, worded as Kubernetes does:
// "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) had untolerated taint {...}."
import type { Pod } from 'kubernetes-types/core/v1.js';
import { Status } from './status.js';

export class Diagnosis {
  /** The status of each node a filter rejected. */
  readonly nodeToStatus = new Map<string, Status>();
  /** The status of the nodes not in nodeToStatus: those PreFilter ruled out, or all when PreFilter failed. */
  absentNodesStatus: Status = Status.unresolvable();
  /** The plugins that rejected the pod; the queue retries it on the events they registered. */
  readonly unschedulablePlugins = new Set<string>();
  /** The message of a PreFilter that rejected the pod, which then stands for every node. */
  preFilterMsg = '';

  /** Diagnosis.AddPluginStatus. */
  addPluginStatus(status: Status): void {
    if (status.plugin !== '' && status.isRejected()) this.unschedulablePlugins.add(status.plugin);
  }
}

export class FitError {
  constructor(
    readonly pod: Pod,
    readonly numAllNodes: number,
    readonly diagnosis: Diagnosis,
  ) {}

  /** FitError.Error(): "0/N nodes are available:" then the PreFilter message or the sorted reason counts. */
  message(): string {
    const head = `0/${this.numAllNodes} nodes are available:`;
    if (this.diagnosis.preFilterMsg !== '') return `${head} ${this.diagnosis.preFilterMsg}.`;
    const histogram = this.reasonHistogram();
    return histogram.length === 0 ? head : `${head} ${histogram.join(', ')}.`;
  }

  /**
   * "<count> <reason>" for every reason, sorted as Go's sort.Strings sorts these strings
   * (bytewise, count first), which is the order users see in events.
   */
  private reasonHistogram(): string[] {
    const counts = new Map<string, number>();
    const count = (reason: string, times: number) => counts.set(reason, (counts.get(reason) ?? 0) + times);
    for (const status of this.diagnosis.nodeToStatus.values()) for (const reason of status.reasons) count(reason, 1);
    const absent = this.numAllNodes - this.diagnosis.nodeToStatus.size;
    if (absent > 0) for (const reason of this.diagnosis.absentNodesStatus.reasons) count(reason, absent);
    return [...counts].map(([reason, times]) => `${times} ${reason}`).sort(compareBytes);
  }
}

/** Go's string order: by UTF-8 bytes, which for these ASCII messages is by code unit. */
function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}
