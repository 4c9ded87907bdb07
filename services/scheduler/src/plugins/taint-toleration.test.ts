import test from 'ava';
import type { Taint } from 'kubernetes-types/core/v1.js';
import { Snapshot } from '../framework/snapshot.js';
import { runFilter, runScore } from '../framework/testing/run-plugin.js';
import { makeNode, makePod } from '../framework/testing/objects.js';
import { countIntolerableTaintsPreferNoSchedule, TaintTolerationPlugin, untoleratedTaint } from './taint-toleration.js';

const tainted = (name: string, taints: Taint[]) => makeNode(name, { spec: { taints } });

test('NoSchedule and NoExecute taints keep out pods that do not tolerate them, named in the reason', (t) => {
  const snapshot = Snapshot.fromNodesAndPods(
    [tainted('cp', [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }]), tainted('evicting', [{ key: 'broken', value: 'disk', effect: 'NoExecute' }]), tainted('soft', [{ key: 'spot', effect: 'PreferNoSchedule' }])],
    [],
  );
  const statuses = runFilter(new TaintTolerationPlugin(), makePod('p'), snapshot);
  t.is(statuses.get('cp')?.toString(), 'UnschedulableAndUnresolvable: node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }');
  t.deepEqual(statuses.get('evicting')?.reasons, ['node(s) had untolerated taint {broken: disk}']);
  t.true(statuses.get('soft')?.isSuccess(), 'PreferNoSchedule only scores');
  const tolerant = makePod('p', { spec: { tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }, { key: 'broken', value: 'disk' }] } });
  t.true([...runFilter(new TaintTolerationPlugin(), tolerant, snapshot).values()].every((status) => status.isSuccess()));
});

test('scoring counts untolerated PreferNoSchedule taints, fewer is better, reversed onto 0..100', (t) => {
  const snapshot = Snapshot.fromNodesAndPods(
    [
      makeNode('clean'),
      tainted('one', [{ key: 'a', effect: 'PreferNoSchedule' }]),
      tainted('two', [
        { key: 'a', effect: 'PreferNoSchedule' },
        { key: 'b', effect: 'PreferNoSchedule' },
        { key: 'c', effect: 'NoSchedule' },
      ]),
    ],
    [],
  );
  t.deepEqual(Object.fromEntries(runScore(new TaintTolerationPlugin(), makePod('p'), snapshot) as Map<string, number>), { clean: 100, one: 50, two: 0 });
  // A toleration for another effect does not count; one with no effect does.
  const pod = makePod('p', { spec: { tolerations: [{ key: 'b', operator: 'Exists', effect: 'NoSchedule' }, { key: 'a', operator: 'Exists' }] } });
  t.deepEqual(Object.fromEntries(runScore(new TaintTolerationPlugin(), pod, snapshot) as Map<string, number>), { clean: 100, one: 100, two: 0 });
});

test('untoleratedTaint and countIntolerableTaintsPreferNoSchedule are the pure checks', (t) => {
  const node = tainted('n', [
    { key: 'soft', effect: 'PreferNoSchedule' },
    { key: 'hard', value: 'x', effect: 'NoExecute' },
  ]);
  t.deepEqual(untoleratedTaint(makePod('p'), node), { key: 'hard', value: 'x', effect: 'NoExecute' });
  t.is(untoleratedTaint(makePod('p', { spec: { tolerations: [{ operator: 'Exists' }] } }), node), undefined);
  t.is(countIntolerableTaintsPreferNoSchedule(node.spec?.taints, []), 1);
  t.is(countIntolerableTaintsPreferNoSchedule(node.spec?.taints, [{ key: 'soft', operator: 'Exists' }]), 0);
});
