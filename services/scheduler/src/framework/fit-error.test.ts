import test from 'ava';
import { Diagnosis, FitError } from './fit-error.js';
import { Status } from './status.js';
import { makePod } from './testing/objects.js';

const CONTROL_PLANE_TAINT = 'node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }';

function fitError(numAllNodes: number, statuses: Record<string, Status>): FitError {
  const diagnosis = new Diagnosis();
  for (const [node, status] of Object.entries(statuses)) diagnosis.nodeToStatus.set(node, status);
  return new FitError(makePod('p'), numAllNodes, diagnosis);
}

test("the message counts each reason over the nodes, as kube-scheduler's FailedScheduling event does", (t) => {
  const error = fitError(3, {
    n1: Status.unschedulable('Insufficient cpu'),
    n2: Status.unresolvable(CONTROL_PLANE_TAINT),
    n3: Status.unresolvable(CONTROL_PLANE_TAINT),
  });
  t.is(error.message(), `0/3 nodes are available: 1 Insufficient cpu, 2 ${CONTROL_PLANE_TAINT}.`);
});

test('every reason of a node counts, and the "count reason" strings are sorted bytewise, as Go sorts them', (t) => {
  const statuses: Record<string, Status> = { a: Status.unschedulable('Insufficient cpu', 'Insufficient memory'), b: Status.unschedulable('Too many pods') };
  // Strings, not numbers, are sorted: "10 ..." comes after every "1 ..." and before "2 ...".
  for (let i = 0; i < 10; i++) statuses[`t${i}`] = Status.unresolvable("node(s) didn't match Pod's node affinity/selector");
  statuses.c = Status.unresolvable('node(s) were unschedulable');
  statuses.d = Status.unresolvable('node(s) were unschedulable');
  t.is(
    fitError(14, statuses).message(),
    "0/14 nodes are available: 1 Insufficient cpu, 1 Insufficient memory, 1 Too many pods, 10 node(s) didn't match Pod's node affinity/selector, 2 node(s) were unschedulable.",
  );
});

test('a PreFilter rejection stands for all nodes and is the whole message', (t) => {
  const diagnosis = new Diagnosis();
  diagnosis.preFilterMsg = 'pod affinity terms conflict';
  diagnosis.absentNodesStatus = Status.unresolvable('pod affinity terms conflict');
  t.is(new FitError(makePod('p'), 5, diagnosis).message(), '0/5 nodes are available: pod affinity terms conflict.');
});

test("nodes a PreFilter ruled out count with the absent nodes' reason", (t) => {
  const diagnosis = new Diagnosis();
  diagnosis.absentNodesStatus = Status.unresolvable("node(s) didn't satisfy plugin(s) [NodeAffinity]");
  diagnosis.nodeToStatus.set('n1', Status.unschedulable('Insufficient memory'));
  t.is(new FitError(makePod('p'), 4, diagnosis).message(), "0/4 nodes are available: 1 Insufficient memory, 3 node(s) didn't satisfy plugin(s) [NodeAffinity].");
});

test('the plugins that rejected the pod are recorded for requeueing', (t) => {
  const diagnosis = new Diagnosis();
  diagnosis.addPluginStatus(Status.unschedulable('Insufficient cpu').withPlugin('NodeResourcesFit'));
  diagnosis.addPluginStatus(Status.error('boom').withPlugin('Broken'));
  t.deepEqual([...diagnosis.unschedulablePlugins], ['NodeResourcesFit']);
});
