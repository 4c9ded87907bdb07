// The node health check (nodelifecycle's tryUpdateNodeHealth): when the controller last saw
// a node alive is its own clock's time of the last change it observed - a new Ready
// heartbeat or a renewed Lease - never the node's clock. A node silent for longer than the
// grace period gets its conditions set to Unknown.
import type { Lease } from 'kubernetes-types/coordination/v1.js';
import type { Node, NodeCondition, NodeStatus } from 'kubernetes-types/core/v1.js';
import { rfc3339 } from '@kubeling/api/meta-time';
import { nodeCondition } from './taints.js';

/** nodeHealthData: what the controller saw of a node, and when by its own clock (ms). */
export interface NodeHealth {
  status: NodeStatus;
  probeTimestamp: number;
  readyTransitionTimestamp: number;
  /** The lease's renewTime when last seen. */
  leaseRenewTime?: string;
}

export interface GracePeriods {
  /** --node-monitor-grace-period */
  monitorMs: number;
  /** --node-startup-grace-period: for a node that never posted a Ready condition. */
  startupMs: number;
}

export interface HealthAssessment {
  /** What to remember of the node. */
  health: NodeHealth;
  /** The Ready condition as the node had it (a made-up Unknown one if it never posted one). */
  observedReady: NodeCondition;
  /** The Ready condition after this check: the node's, or the Unknown one the controller writes. */
  currentReady?: NodeCondition;
  /** The status to write (conditions turned Unknown), when the node went silent and that changes its Ready condition. */
  statusToWrite?: NodeStatus;
}

/** The conditions the controller sets Unknown; NetworkUnavailable is the control plane's to manage. */
const MONITORED_CONDITIONS = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'];

const parseTime = (value: string | undefined): number => (value ? Date.parse(value) : NaN);

function fresh(status: NodeStatus, nowMs: number): NodeHealth {
  return { status, probeTimestamp: nowMs, readyTransitionTimestamp: nowMs };
}

/** The saved health brought up to date with what the node shows now (the status half of tryUpdateNodeHealth). */
function observeStatus(node: Node, saved: NodeHealth | undefined, nowMs: number): NodeHealth {
  const status = node.status ?? {};
  const current = nodeCondition(node, 'Ready');
  if (!current) {
    if (saved) return { ...saved, status };
    const created = parseTime(node.metadata?.creationTimestamp);
    const since = Number.isNaN(created) ? nowMs : created;
    return { status, probeTimestamp: since, readyTransitionTimestamp: since };
  }
  const savedReady = saved?.status.conditions?.find((c) => c.type === 'Ready');
  if (!saved || !savedReady) return { ...fresh(status, nowMs), leaseRenewTime: saved?.leaseRenewTime };
  if (savedReady.lastHeartbeatTime === current.lastHeartbeatTime) return saved;
  const transitioned = savedReady.lastTransitionTime !== current.lastTransitionTime;
  return { status, probeTimestamp: nowMs, readyTransitionTimestamp: transitioned ? nowMs : saved.readyTransitionTimestamp, leaseRenewTime: saved.leaseRenewTime };
}

/** A renewed lease is a heartbeat too: the kubelet renews it far more often than it posts its status. */
function observeLease(health: NodeHealth, lease: Lease | undefined, nowMs: number): NodeHealth {
  const renewTime = lease?.spec?.renewTime;
  if (!renewTime) return health;
  if (health.leaseRenewTime && !(parseTime(health.leaseRenewTime) < parseTime(renewTime))) return health;
  return { ...health, leaseRenewTime: renewTime, probeTimestamp: nowMs };
}

/** The node's conditions with every monitored one Unknown, as the controller writes them when the kubelet went silent. */
export function unknownConditions(node: Node, now: string): NodeCondition[] {
  const conditions = (node.status?.conditions ?? []).map((c) => ({ ...c }));
  for (const type of MONITORED_CONDITIONS) {
    const condition = conditions.find((c) => c.type === type);
    if (!condition) {
      const heartbeat = node.metadata?.creationTimestamp ?? now;
      conditions.push({ type, status: 'Unknown', reason: 'NodeStatusNeverUpdated', message: 'Kubelet never posted node status.', lastHeartbeatTime: heartbeat, lastTransitionTime: now });
    } else if (condition.status !== 'Unknown') {
      Object.assign(condition, { status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.', lastTransitionTime: now });
    }
  }
  return conditions;
}

const sameCondition = (a: NodeCondition | undefined, b: NodeCondition | undefined) => JSON.stringify(a) === JSON.stringify(b);

export function assessNodeHealth(node: Node, saved: NodeHealth | undefined, lease: Lease | undefined, nowMs: number, grace: GracePeriods): HealthAssessment {
  const ready = nodeCondition(node, 'Ready');
  const created = node.metadata?.creationTimestamp;
  const observedReady: NodeCondition = ready ? { ...ready } : { type: 'Ready', status: 'Unknown', lastHeartbeatTime: created, lastTransitionTime: created };
  const gracePeriodMs = ready ? grace.monitorMs : grace.startupMs;
  const health = observeLease(observeStatus(node, saved, nowMs), lease, nowMs);
  if (nowMs <= health.probeTimestamp + gracePeriodMs) return { health, observedReady, currentReady: ready };
  const conditions = unknownConditions(node, rfc3339(new Date(nowMs)));
  const currentReady = conditions.find((c) => c.type === 'Ready');
  if (sameCondition(currentReady, ready)) return { health, observedReady, currentReady };
  return { health, observedReady, currentReady, statusToWrite: { ...node.status, conditions } };
}
