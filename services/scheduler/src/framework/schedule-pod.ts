// One pod's scheduling algorithm (schedule_one.go's schedulePod): PreFilter, Filter over all
// nodes or a sample of them, PreScore and Score over the feasible ones, then the host.
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { CycleState } from './cycle-state.js';
import { Diagnosis, FitError } from './fit-error.js';
import type { Framework } from './framework.js';
import type { NodeInfo } from './node-info.js';
import { numFeasibleNodesToFind } from './num-feasible-nodes.js';
import { selectHost } from './select-host.js';
import type { Snapshot } from './snapshot.js';
import { Status } from './status.js';

export interface ScheduleResult {
  /** The node to bind the pod to. */
  readonly suggestedHost: string;
  /** How many nodes Filter looked at. */
  readonly evaluatedNodes: number;
  /** How many of them the pod fits on. */
  readonly feasibleNodes: number;
}

/** kube-scheduler's ErrNoNodesAvailable. */
export const NO_NODES_AVAILABLE = 'no nodes available to schedule pods';

export class SchedulingAlgorithm {
  /** Where the next Filter pass starts, so that sampling gives every node its turn across pods. */
  private nextStartNodeIndex = 0;

  /** `random` returns [0, 1); tests pass a fixed sequence. */
  constructor(private readonly random: () => number = Math.random) {}

  /**
   * Finds a node for the pod: a ScheduleResult, a FitError when no node fits (its message is the
   * FailedScheduling event's), or an Error status.
   */
  schedulePod(framework: Framework, state: CycleState, pod: Pod, snapshot: Snapshot): ScheduleResult | FitError | Status {
    if (snapshot.numNodes === 0) return Status.error(NO_NODES_AVAILABLE);
    framework.useSnapshot(snapshot);
    const diagnosis = new Diagnosis();
    const feasible = this.findNodesThatFitPod(framework, state, pod, snapshot, diagnosis);
    if (feasible instanceof Status) return feasible;
    if (feasible.length === 0) return new FitError(pod, snapshot.numNodes, diagnosis);
    const evaluatedNodes = feasible.length + diagnosis.nodeToStatus.size;
    // With one feasible node there is nothing to rank.
    if (feasible.length === 1) return { suggestedHost: feasible[0].name, evaluatedNodes, feasibleNodes: 1 };
    const host = this.prioritizeNodes(framework, state, pod, feasible);
    if (host instanceof Status) return host;
    return { suggestedHost: host, evaluatedNodes, feasibleNodes: feasible.length };
  }

  private findNodesThatFitPod(framework: Framework, state: CycleState, pod: Pod, snapshot: Snapshot, diagnosis: Diagnosis): NodeInfo[] | Status {
    const allNodes = snapshot.list();
    const preFilter = framework.runPreFilterPlugins(state, pod, allNodes);
    for (const plugin of preFilter.restrictedBy) diagnosis.unschedulablePlugins.add(plugin);
    if (!preFilter.status.isSuccess()) {
      if (!preFilter.status.isRejected()) return preFilter.status;
      // The PreFilter's verdict stands for every node.
      diagnosis.absentNodesStatus = preFilter.status;
      diagnosis.preFilterMsg = preFilter.status.message();
      diagnosis.addPluginStatus(preFilter.status);
      return [];
    }
    let nodes = allNodes;
    const restriction = preFilter.result;
    if (restriction !== undefined) {
      nodes = allNodes.filter((info) => restriction.nodeNames.has(info.name));
      diagnosis.absentNodesStatus = Status.unresolvable(`node(s) didn't satisfy plugin(s) [${[...preFilter.restrictedBy].sort().join(' ')}]`);
    }
    const feasible = this.findNodesThatPassFilters(framework, state, pod, nodes, diagnosis);
    // Move on by every node looked at, fitting or not, so the next pod starts where this one stopped.
    const fitting = feasible instanceof Status ? 0 : feasible.length;
    this.nextStartNodeIndex = (this.nextStartNodeIndex + fitting + diagnosis.nodeToStatus.size) % allNodes.length;
    return feasible;
  }

  /** Filters from nextStartNodeIndex on, stopping once numNodesToFind nodes fit or a filter errs. */
  private findNodesThatPassFilters(framework: Framework, state: CycleState, pod: Pod, nodes: readonly NodeInfo[], diagnosis: Diagnosis): NodeInfo[] | Status {
    const numNodesToFind = Math.min(this.numNodesToFind(framework, nodes.length), nodes.length);
    const feasible: NodeInfo[] = [];
    for (let i = 0; i < nodes.length && feasible.length < numNodesToFind; i++) {
      const nodeInfo = nodes[(this.nextStartNodeIndex + i) % nodes.length];
      const status = framework.runFilterPlugins(state, pod, nodeInfo);
      if (status.code === 'Error') return status;
      if (status.isSuccess()) {
        feasible.push(nodeInfo);
      } else {
        diagnosis.nodeToStatus.set(nodeInfo.name, status);
        diagnosis.addPluginStatus(status);
      }
    }
    return feasible;
  }

  /** Without score plugins the first feasible node is as good as any other. */
  private numNodesToFind(framework: Framework, numNodes: number): number {
    return framework.hasScorePlugins() ? numFeasibleNodesToFind(framework.percentageOfNodesToScore, numNodes) : 1;
  }

  private prioritizeNodes(framework: Framework, state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): string | Status {
    const preScore = framework.runPreScorePlugins(state, pod, nodes);
    if (!preScore.isSuccess()) return preScore;
    const scores = framework.runScorePlugins(state, pod, nodes);
    if (scores instanceof Status) return scores;
    return selectHost(scores, this.random) ?? Status.error('empty priorityList');
  }
}
