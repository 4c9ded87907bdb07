import test from 'ava';
import { numFeasibleNodesToFind } from './num-feasible-nodes.js';

test('adaptive sampling: all nodes below 100, then 50% minus 1% per 125 nodes, at least 5% and 100 nodes', (t) => {
  t.is(numFeasibleNodesToFind(0, 1), 1);
  t.is(numFeasibleNodesToFind(0, 99), 99);
  t.is(numFeasibleNodesToFind(0, 100), 100);
  t.is(numFeasibleNodesToFind(0, 1000), 420);
  t.is(numFeasibleNodesToFind(0, 5000), 500);
  t.is(numFeasibleNodesToFind(0, 6000), 300, '50 - 48 = 2% is raised to 5%');
  t.is(numFeasibleNodesToFind(0, 250), 120);
});

test('a configured percentage applies as is, never below 100 nodes', (t) => {
  t.is(numFeasibleNodesToFind(100, 5000), 5000);
  t.is(numFeasibleNodesToFind(10, 5000), 500);
  t.is(numFeasibleNodesToFind(1, 5000), 100);
  t.is(numFeasibleNodesToFind(30, 50), 50, 'small clusters are always checked whole');
});
