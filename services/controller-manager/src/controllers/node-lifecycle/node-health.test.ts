import test from 'ava';
import type { Lease } from 'kubernetes-types/coordination/v1.js';
import type { Node, NodeCondition } from 'kubernetes-types/core/v1.js';
import { assessNodeHealth, unknownConditions } from './node-health.js';

const GRACE = { monitorMs: 40_000, startupMs: 60_000 };
const T0 = Date.parse('2026-12-02T10:00:00Z');

function node(ready: string | undefined, heartbeat: string, transition = '2026-12-02T09:00:00Z'): Node {
  const conditions: NodeCondition[] = [{ type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory', lastHeartbeatTime: heartbeat, lastTransitionTime: transition }];
  if (ready) conditions.push({ type: 'Ready', status: ready, reason: 'KubeletReady', message: 'kubelet is posting ready status', lastHeartbeatTime: heartbeat, lastTransitionTime: transition });
  return { metadata: { name: 'n', creationTimestamp: '2026-12-02T08:00:00Z' }, status: { conditions } };
}
const lease = (renewTime: string): Lease => ({ metadata: { name: 'n', namespace: 'kube-node-lease' }, spec: { renewTime } });

test('a node is judged by when the controller saw its heartbeat change, not by the heartbeat clock', (t) => {
  const first = assessNodeHealth(node('True', '2020-01-01T00:00:00Z'), undefined, undefined, T0, GRACE);
  t.is(first.health.probeTimestamp, T0, 'first sight starts the grace period, however old the heartbeat');
  t.is(first.statusToWrite, undefined);
  const same = assessNodeHealth(node('True', '2020-01-01T00:00:00Z'), first.health, undefined, T0 + 30_000, GRACE);
  t.is(same.health.probeTimestamp, T0);
  const beat = assessNodeHealth(node('True', '2020-01-01T00:00:10Z'), same.health, undefined, T0 + 35_000, GRACE);
  t.is(beat.health.probeTimestamp, T0 + 35_000);
  t.is(beat.health.readyTransitionTimestamp, T0, 'the same transition time: no Ready transition');
  t.is(assessNodeHealth(node('True', '2020-01-01T00:00:10Z'), beat.health, undefined, T0 + 75_000, GRACE).statusToWrite, undefined, 'exactly at the grace period: still fine');
});

test('a renewed lease is a heartbeat; an unchanged one is not', (t) => {
  const n = node('True', '2026-12-02T09:59:00Z');
  const first = assessNodeHealth(n, undefined, lease('2026-12-02T10:00:00.000000Z'), T0, GRACE);
  const renewed = assessNodeHealth(n, first.health, lease('2026-12-02T10:00:30.000000Z'), T0 + 30_000, GRACE);
  t.is(renewed.health.probeTimestamp, T0 + 30_000);
  const stale = assessNodeHealth(n, renewed.health, lease('2026-12-02T10:00:30.000000Z'), T0 + 71_000, GRACE);
  t.is(stale.health.probeTimestamp, T0 + 30_000);
  t.truthy(stale.statusToWrite, 'silent for 41 s of a 40 s grace period');
});

test('a silent node gets every monitored condition Unknown with NodeStatusUnknown; the Ready one is what changed', (t) => {
  const n = node('True', '2026-12-02T09:59:00Z');
  const first = assessNodeHealth(n, undefined, undefined, T0, GRACE);
  const late = assessNodeHealth(n, first.health, undefined, T0 + 41_000, GRACE);
  t.is(late.observedReady.status, 'True');
  t.like(late.currentReady, { status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.', lastTransitionTime: '2026-12-02T10:00:41Z', lastHeartbeatTime: '2026-12-02T09:59:00Z' });
  const byType = Object.fromEntries(late.statusToWrite!.conditions!.map((c) => [c.type, c]));
  t.like(byType['MemoryPressure'], { status: 'Unknown', reason: 'NodeStatusUnknown' });
  t.like(byType['DiskPressure'], { status: 'Unknown', reason: 'NodeStatusNeverUpdated', message: 'Kubelet never posted node status.', lastHeartbeatTime: '2026-12-02T08:00:00Z' });
  t.like(byType['PIDPressure'], { status: 'Unknown', reason: 'NodeStatusNeverUpdated' });
});

test('a node already Unknown is not written again; a node that never posted Ready has the startup grace period', (t) => {
  const unknown = node('Unknown', '2026-12-02T09:59:00Z');
  unknown.status!.conditions = unknownConditions(unknown, '2026-12-02T09:59:30Z');
  const first = assessNodeHealth(unknown, undefined, undefined, T0, GRACE);
  t.is(assessNodeHealth(unknown, first.health, undefined, T0 + 100_000, GRACE).statusToWrite, undefined);

  const never = node(undefined, '2026-12-02T09:59:00Z');
  const created = Date.parse('2026-12-02T08:00:00Z');
  const a = assessNodeHealth(never, undefined, undefined, created + 59_000, GRACE);
  t.like(a.observedReady, { status: 'Unknown', lastHeartbeatTime: '2026-12-02T08:00:00Z' });
  t.is(a.statusToWrite, undefined, 'within 60 s of creation');
  const b = assessNodeHealth(never, a.health, undefined, created + 61_000, GRACE);
  t.like(b.currentReady, { status: 'Unknown', reason: 'NodeStatusNeverUpdated' });
});

test('a Ready transition the node reports moves the transition timestamp', (t) => {
  const first = assessNodeHealth(node('True', '2026-12-02T09:59:00Z'), undefined, undefined, T0, GRACE);
  const flipped = assessNodeHealth(node('False', '2026-12-02T10:00:05Z', '2026-12-02T10:00:05Z'), first.health, undefined, T0 + 6_000, GRACE);
  t.is(flipped.health.readyTransitionTimestamp, T0 + 6_000);
  t.is(flipped.currentReady?.status, 'False');
  t.is(flipped.observedReady.status, 'False');
});
