// NodeResourcesFit: the pod's requests must fit in what the node has left (cpu, memory,
// ephemeral-storage, pod count, extended resources); nodes are scored by the scoring strategy.
import type { Pod } from 'kubernetes-types/core/v1.js';
import { StateKey, missingStateMessage, type CycleState } from '../../framework/cycle-state.js';
import { ActionType, type ClusterEvent } from '../../framework/events.js';
import type { EnqueueExtensions, FilterPlugin, PreFilterPlugin, PreScorePlugin, ScorePlugin } from '../../framework/interface.js';
import type { NodeInfo } from '../../framework/node-info.js';
import { podResourceRequest } from '../../framework/pod-requests.js';
import { CPU, EPHEMERAL_STORAGE, isExtendedResourceName, MEMORY, PODS } from '../../framework/resource-names.js';
import type { Resource } from '../../framework/resource.js';
import type { PluginRegistration } from '../../framework/registry.js';
import { Status } from '../../framework/status.js';
import { NodeResourcesFit as NAME } from '../names.js';
import { nodeResourcesFitArgs, type NodeResourcesFitArgs } from './fit-args.js';
import { ResourceAllocationScorer } from './resource-allocation.js';
import { strategyScorer } from './scoring-strategies.js';

const PRE_FILTER_KEY = new StateKey<Resource>(`PreFilter${NAME}`);
const PRE_SCORE_KEY = new StateKey<readonly number[]>(`PreScore${NAME}`);

/** One resource the node lacks (InsufficientResource); the reason is what the fit error counts. */
export interface InsufficientResource {
  readonly resourceName: string;
  /** "Insufficient cpu", "Too many pods", ... */
  readonly reason: string;
  readonly requested: number;
  readonly used: number;
  readonly capacity: number;
}

function insufficient(resourceName: string, requested: number, used: number, capacity: number): InsufficientResource {
  return { resourceName, reason: `Insufficient ${resourceName}`, requested, used, capacity };
}

/** An extended resource the configuration says not to check, by name or by its domain. */
function ignored(name: string, ignoredResources: ReadonlySet<string>, ignoredGroups: ReadonlySet<string>): boolean {
  return isExtendedResourceName(name) && (ignoredResources.has(name) || ignoredGroups.has(name.split('/')[0]));
}

/**
 * fitsRequest: every resource the pod requests that the node has too little of. A pod always
 * takes one of the node's pod slots, even when it requests nothing else.
 */
export function fitsRequest(podRequest: Resource, nodeInfo: NodeInfo, ignoredResources: ReadonlySet<string> = new Set(), ignoredGroups: ReadonlySet<string> = new Set()): InsufficientResource[] {
  const result: InsufficientResource[] = [];
  const { allocatable, requested } = nodeInfo;
  const podCount = nodeInfo.pods.length;
  if (podCount + 1 > allocatable.allowedPodNumber) result.push({ resourceName: PODS, reason: 'Too many pods', requested: 1, used: podCount, capacity: allocatable.allowedPodNumber });
  // Three plain checks, not a table: this runs for every pod on hundreds of nodes.
  if (podRequest.milliCPU > 0 && podRequest.milliCPU > allocatable.milliCPU - requested.milliCPU) result.push(insufficient(CPU, podRequest.milliCPU, requested.milliCPU, allocatable.milliCPU));
  if (podRequest.memory > 0 && podRequest.memory > allocatable.memory - requested.memory) result.push(insufficient(MEMORY, podRequest.memory, requested.memory, allocatable.memory));
  if (podRequest.ephemeralStorage > 0 && podRequest.ephemeralStorage > allocatable.ephemeralStorage - requested.ephemeralStorage) {
    result.push(insufficient(EPHEMERAL_STORAGE, podRequest.ephemeralStorage, requested.ephemeralStorage, allocatable.ephemeralStorage));
  }
  for (const [name, want] of podRequest.scalarResources) {
    if (want === 0 || ignored(name, ignoredResources, ignoredGroups)) continue;
    const used = requested.scalar(name);
    const capacity = allocatable.scalar(name);
    if (want > capacity - used) result.push(insufficient(name, want, used, capacity));
  }
  return result;
}

export class NodeResourcesFitPlugin implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin, EnqueueExtensions {
  readonly name = NAME;
  private readonly ignoredResources: ReadonlySet<string>;
  private readonly ignoredGroups: ReadonlySet<string>;
  private readonly scorer: ResourceAllocationScorer;

  constructor(args: NodeResourcesFitArgs) {
    this.ignoredResources = new Set(args.ignoredResources);
    this.ignoredGroups = new Set(args.ignoredResourceGroups);
    const { type, resources } = args.scoringStrategy;
    this.scorer = new ResourceAllocationScorer(resources, strategyScorer(type, resources), false);
  }

  preFilter(state: CycleState, pod: Pod): Status {
    state.write(PRE_FILTER_KEY, podResourceRequest(pod));
    return Status.success();
  }

  filter(state: CycleState, _pod: Pod, nodeInfo: NodeInfo): Status {
    const podRequest = state.read(PRE_FILTER_KEY);
    if (podRequest === undefined) return Status.error(missingStateMessage(PRE_FILTER_KEY));
    const lacking = fitsRequest(podRequest, nodeInfo, this.ignoredResources, this.ignoredGroups);
    return lacking.length === 0 ? Status.success() : Status.unschedulable(...lacking.map(({ reason }) => reason));
  }

  preScore(state: CycleState, pod: Pod): Status {
    state.write(PRE_SCORE_KEY, this.scorer.podRequests(pod));
    return Status.success();
  }

  score(state: CycleState, _pod: Pod, nodeInfo: NodeInfo): number | Status {
    const podRequests = state.read(PRE_SCORE_KEY);
    if (podRequests === undefined) return Status.error(missingStateMessage(PRE_SCORE_KEY));
    return this.scorer.score(nodeInfo, podRequests);
  }

  /** A pod deleted or shrunk frees room; a node added or grown has more. */
  eventsToRegister(): readonly ClusterEvent[] {
    return [
      { resource: 'Pod', actionType: ActionType.Delete | ActionType.UpdatePodScaleDown },
      { resource: 'Node', actionType: ActionType.Add | ActionType.UpdateNodeAllocatable },
    ];
  }
}

export const nodeResourcesFitRegistration: PluginRegistration<NodeResourcesFitArgs> = {
  name: NAME,
  factory: (args) => new NodeResourcesFitPlugin(args),
  args: nodeResourcesFitArgs,
};
