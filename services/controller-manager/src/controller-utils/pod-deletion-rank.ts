// Which pods a controller deletes first when it scales down (controller.ActivePodsWithRanks):
// those that cost least to lose come first - not yet scheduled, not yet running, not ready,
// doubled up on a node with pods of the same workload, ready or created most recently.
// Both kube-controller-manager features on by default are followed: the pod-deletion-cost
// annotation, and LogarithmicScaleDown (ages compared in powers of two, ties broken by uid).
import type { Pod } from 'kubernetes-types/core/v1.js';
import { isPodReady } from './pod-readiness.js';

export const POD_DELETION_COST = 'controller.kubernetes.io/pod-deletion-cost';

/** A pod and its rank: how many pods related to it run on its node. */
export interface RankedPod {
  pod: Pod;
  rank: number;
}

const PHASE_ORDINAL: Readonly<Record<string, number>> = { Pending: 0, Unknown: 1, Running: 2 };

/** The pods in deletion order, first to delete first; `nowMs` buckets the ages. */
export function sortByDeletionRank(pods: readonly RankedPod[], nowMs: number): Pod[] {
  return [...pods].sort((a, b) => compareForDeletion(a, b, nowMs)).map((ranked) => ranked.pod);
}

/** Negative when `a` goes before `b` (ActivePodsWithRanks.Less). */
export function compareForDeletion(a: RankedPod, b: RankedPod, nowMs: number): number {
  if (less(a, b, nowMs)) return -1;
  return less(b, a, nowMs) ? 1 : 0;
}

function less(a: RankedPod, b: RankedPod, nowMs: number): boolean {
  const [pi, pj] = [a.pod, b.pod];
  const [nodeI, nodeJ] = [pi.spec?.nodeName ?? '', pj.spec?.nodeName ?? ''];
  if (nodeI !== nodeJ && (nodeI === '' || nodeJ === '')) return nodeI === '';
  const [phaseI, phaseJ] = [phaseOrdinal(pi), phaseOrdinal(pj)];
  if (phaseI !== phaseJ) return phaseI < phaseJ;
  const [readyI, readyJ] = [isPodReady(pi), isPodReady(pj)];
  if (readyI !== readyJ) return !readyI;
  const [costI, costJ] = [deletionCost(pi), deletionCost(pj)];
  if (costI !== costJ) return costI < costJ;
  if (a.rank !== b.rank) return a.rank > b.rank;
  if (readyI && readyJ) {
    const [readyTimeI, readyTimeJ] = [readySince(pi), readySince(pj)];
    if (readyTimeI !== readyTimeJ) return newerFirst(pi, readyTimeI, pj, readyTimeJ, nowMs);
  }
  const restarts = compareMaxContainerRestarts(pi, pj);
  if (restarts !== undefined) return restarts;
  const [createdI, createdJ] = [timeOf(pi.metadata?.creationTimestamp), timeOf(pj.metadata?.creationTimestamp)];
  if (createdI !== createdJ) return newerFirst(pi, createdI, pj, createdJ, nowMs);
  return false;
}

function phaseOrdinal(pod: Pod): number {
  return PHASE_ORDINAL[pod.status?.phase ?? ''] ?? 0;
}

/** The annotation's int32, 0 when absent or not a valid number (as an invalid annotation is treated). */
function deletionCost(pod: Pod): number {
  const value = pod.metadata?.annotations?.[POD_DELETION_COST];
  if (value === undefined || !/^[+-]?\d+$/.test(value)) return 0;
  const cost = Number(value);
  return cost >= -(2 ** 31) && cost < 2 ** 31 ? cost : 0;
}

/** Milliseconds since the epoch; 0 for none (Go's zero time). */
function timeOf(value: string | undefined): number {
  const ms = value ? Date.parse(value) : NaN;
  return Number.isNaN(ms) ? 0 : ms;
}

function readySince(pod: Pod): number {
  return timeOf(pod.status?.conditions?.find((c) => c.type === 'Ready')?.lastTransitionTime);
}

/** A missing time first, then the later time, in log2 buckets of age; uid breaks a tie within one bucket. */
function newerFirst(pi: Pod, ti: number, pj: Pod, tj: number, nowMs: number): boolean {
  if (ti === 0 || tj === 0) return ti === 0;
  const diff = ageBucket(nowMs - ti) - ageBucket(nowMs - tj);
  if (diff === 0) return (pi.metadata?.uid ?? '') < (pj.metadata?.uid ?? '');
  return diff < 0;
}

/** floor(log2(age in nanoseconds)), -1 for no age (logarithmicRankDiff). */
function ageBucket(ageMs: number): number {
  return ageMs > 0 ? Math.floor(Math.log2(ageMs * 1e6)) : -1;
}

/** More restarts first: regular containers, then restartable init containers (sidecars). */
function compareMaxContainerRestarts(pi: Pod, pj: Pod): boolean | undefined {
  const [ri, rj] = [maxRestarts(pi), maxRestarts(pj)];
  if (ri.regular !== rj.regular) return ri.regular > rj.regular;
  if (ri.sidecar !== rj.sidecar) return ri.sidecar > rj.sidecar;
  return undefined;
}

function maxRestarts(pod: Pod): { regular: number; sidecar: number } {
  const regular = Math.max(0, ...(pod.status?.containerStatuses ?? []).map((s) => s.restartCount));
  const sidecars = new Set((pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always').map((c) => c.name));
  const sidecar = Math.max(0, ...(pod.status?.initContainerStatuses ?? []).filter((s) => sidecars.has(s.name)).map((s) => s.restartCount));
  return { regular, sidecar };
}
