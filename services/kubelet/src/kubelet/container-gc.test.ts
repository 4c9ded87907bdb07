import test from 'ava';
import { containersToPrune } from './container-gc.js';
import { container } from './runtime-fixtures.test-support.js';

const ids = (containers: Array<{ id: string }>) => containers.map((c) => c.id);

test('per container the newest attempt and the newest exit stay; older attempts go', (t) => {
  const crashed = [container('app', 3, { exitCode: 1 }), container('app', 2, { exitCode: 1 }), container('app', 1, { exitCode: 1 })];
  t.deepEqual(ids(containersToPrune({ sandboxes: [], containers: crashed })), ['app-2', 'app-1']);
  const restarted = [container('app', 3, 'running'), container('app', 2, { exitCode: 1 }), container('app', 1, { exitCode: 1 })];
  t.deepEqual(ids(containersToPrune({ sandboxes: [], containers: restarted })), ['app-1']);
  const failedStarts = [container('app', 2, 'created'), container('app', 1, 'created'), container('side', 0, 'running')];
  t.deepEqual(ids(containersToPrune({ sandboxes: [], containers: failedStarts })), ['app-1']);
});
