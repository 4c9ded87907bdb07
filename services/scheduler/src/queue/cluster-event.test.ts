import test from 'ava';
import type { Node } from 'kubernetes-types/core/v1.js';
import { ActionType, AssignedPodAdd, type ClusterEvent, NodeAdd, NodeTaintChange, UnschedulableTimeout, WildCardEvent } from '../framework/events.js';
import { clusterEventMatches, nodeSchedulingPropertiesChange } from './cluster-event.js';

function makeNode(): Node {
  return {
    metadata: { name: 'node-1', labels: { zone: 'a' }, annotations: { note: 'x' }, resourceVersion: '1' },
    spec: { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] },
    status: {
      allocatable: { cpu: '2', memory: '4Gi', pods: '110' },
      conditions: [{ type: 'Ready', status: 'True', lastHeartbeatTime: '2024-01-01T00:00:00Z' }],
    },
  };
}

/** The node after `change`, applied to a copy. */
function changed(change: (node: Node) => void): Node {
  const node = structuredClone(makeNode());
  change(node);
  return node;
}

const labels = (old: Node, next: Node) => nodeSchedulingPropertiesChange(old, next).map((event) => event.label);

test('a node update that changes nothing the scheduler reads is no event', (t) => {
  const heartbeat = changed((node) => {
    node.metadata = { ...node.metadata, resourceVersion: '2' };
    node.status!.conditions![0].lastHeartbeatTime = '2024-01-01T00:00:10Z';
  });
  t.deepEqual(labels(makeNode(), heartbeat), []);
});

test('each kind of node change is its own event', (t) => {
  t.deepEqual(labels(makeNode(), changed((node) => (node.metadata!.labels!.zone = 'b'))), ['NodeLabelChange']);
  t.deepEqual(labels(makeNode(), changed((node) => (node.metadata!.annotations = {}))), ['NodeAnnotationChange']);
  t.deepEqual(labels(makeNode(), changed((node) => (node.spec!.taints = undefined))), ['NodeTaintChange']);
  t.deepEqual(labels(makeNode(), changed((node) => (node.status!.allocatable!.cpu = '4'))), ['NodeAllocatableChange']);
  t.deepEqual(labels(makeNode(), changed((node) => (node.status!.conditions![0].status = 'False'))), ['NodeConditionChange']);
  t.deepEqual(
    labels(
      makeNode(),
      changed((node) => node.status!.conditions!.push({ type: 'MemoryPressure', status: 'False' })),
    ),
    ['NodeConditionChange'],
  );
});

test('a node update that changes several things is several events, with the action each is', (t) => {
  const next = changed((node) => {
    node.metadata!.labels!.zone = 'b';
    node.status!.allocatable!.memory = '8Gi';
  });
  const events = nodeSchedulingPropertiesChange(makeNode(), next);
  t.deepEqual(
    events.map((event) => [event.resource, event.actionType]),
    [
      ['Node', ActionType.UpdateNodeAllocatable],
      ['Node', ActionType.UpdateNodeLabel],
    ],
  );
});

test('allocatable is compared by value, not by how the quantity is written', (t) => {
  const sameValue = changed((node) => {
    node.status!.allocatable = { cpu: '2000m', memory: '4096Mi', pods: '110' };
  });
  t.deepEqual(labels(makeNode(), sameValue), []);
  t.deepEqual(labels(makeNode(), changed((node) => delete node.status!.allocatable!.pods)), ['NodeAllocatableChange']);
});

test('missing and empty labels, taints and conditions are the same', (t) => {
  const bare: Node = { metadata: { name: 'n' } };
  const empty: Node = { metadata: { name: 'n', labels: {}, annotations: {} }, spec: { taints: [] }, status: { conditions: [], allocatable: {} } };
  t.deepEqual(labels(bare, empty), []);
});

test('uncordoning a node is a taint update; cordoning one is no event', (t) => {
  const cordoned = changed((node) => (node.spec!.unschedulable = true));
  t.deepEqual(labels(makeNode(), cordoned), []);
  const events = nodeSchedulingPropertiesChange(cordoned, makeNode());
  t.deepEqual(events.map((event) => event.label), ['NodeSpecUnschedulableChange']);
  t.is(events[0].actionType, ActionType.UpdateNodeTaint);
});

test('a registered event matches one of the same resource sharing an action', (t) => {
  const nodeUpdate: ClusterEvent = { resource: 'Node', actionType: ActionType.Update };
  const nodeAddOrTaint: ClusterEvent = { resource: 'Node', actionType: ActionType.Add | ActionType.UpdateNodeTaint };
  t.true(clusterEventMatches(nodeUpdate, NodeTaintChange), 'Update covers every update');
  t.true(clusterEventMatches(nodeAddOrTaint, NodeAdd));
  t.true(clusterEventMatches(nodeAddOrTaint, NodeTaintChange));
  t.false(clusterEventMatches(nodeAddOrTaint, { resource: 'Node', actionType: ActionType.UpdateNodeLabel }));
  t.false(clusterEventMatches(nodeUpdate, { resource: 'Node', actionType: ActionType.Delete }));
  t.false(clusterEventMatches(nodeAddOrTaint, AssignedPodAdd), 'another resource');
});

test('a wildcard registration matches everything; a wildcard resource matches any resource with that action', (t) => {
  t.true(clusterEventMatches(WildCardEvent, AssignedPodAdd));
  t.true(clusterEventMatches(WildCardEvent, UnschedulableTimeout));
  const anyAdd: ClusterEvent = { resource: '*', actionType: ActionType.Add };
  t.true(clusterEventMatches(anyAdd, NodeAdd));
  t.true(clusterEventMatches(anyAdd, AssignedPodAdd));
  t.false(clusterEventMatches(anyAdd, NodeTaintChange));
});
