import test from 'ava';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { buildTable } from './table.js';

const now = new Date('2026-11-24T01:47:08Z');

// The pod of the kubectl contract's samples/table-pods.json.
const nginx: Pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name: 'nginx',
    namespace: 'default',
    uid: '3315ee5e-5162-4e8b-b0bd-1ee5022c656b',
    creationTimestamp: '2026-11-24T00:47:08Z',
    labels: { run: 'nginx' },
    resourceVersion: '1005',
  },
  spec: { nodeName: 'node-1', containers: [{ name: 'nginx', image: 'nginx' }] },
  status: {
    phase: 'Running',
    podIP: '10.244.0.82',
    podIPs: [{ ip: '10.244.0.82' }],
    containerStatuses: [{ name: 'nginx', image: 'nginx', imageID: '', ready: true, restartCount: 0, state: { running: { startedAt: '2026-11-24T00:47:09Z' } } }],
  },
};

test('a pod list answers as the sample Table kubectl reads', (t) => {
  const table = buildTable('pods', [nginx], { includeObject: 'Metadata', now, resourceVersion: '1006' });
  t.is(table.kind, 'Table');
  t.is(table.apiVersion, 'meta.k8s.io/v1');
  t.deepEqual(table.metadata, { resourceVersion: '1006' });
  t.deepEqual(
    table.columnDefinitions.map((c) => [c.name, c.priority]),
    [['Name', 0], ['Ready', 0], ['Status', 0], ['Restarts', 0], ['Age', 0], ['IP', 1], ['Node', 1], ['Nominated Node', 1], ['Readiness Gates', 1]],
  );
  t.deepEqual(table.rows, [
    {
      cells: ['nginx', '1/1', 'Running', '0', '60m', '10.244.0.82', 'node-1', '<none>', '<none>'],
      object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: nginx.metadata },
    },
  ]);
});

test('every column definition carries name, type, format, description and priority', (t) => {
  for (const resource of ['pods', 'deployments', 'events', 'roles', 'widgets']) {
    for (const column of buildTable(resource, [], { includeObject: 'None', now }).columnDefinitions) {
      t.deepEqual(Object.keys(column).sort(), ['description', 'format', 'name', 'priority', 'type'], `${resource} ${column.name}`);
      t.true(column.description.length > 0, `${resource} ${column.name}`);
    }
  }
});

test('includeObject=Object carries the whole object, None carries nothing', (t) => {
  t.is(buildTable('pods', [nginx], { includeObject: 'Object', now }).rows[0]!.object, nginx);
  t.false('object' in buildTable('pods', [nginx], { includeObject: 'None', now }).rows[0]!);
});

test('the continue token and an absent resourceVersion', (t) => {
  t.deepEqual(buildTable('pods', [], { includeObject: 'Metadata', now, resourceVersion: '7', continueToken: 'abc' }).metadata, { resourceVersion: '7', continue: 'abc' });
  t.deepEqual(buildTable('pods', [], { includeObject: 'Metadata', now }).metadata, {});
});

test('no objects make an empty rows list, which kubectl reports as "No resources found"', (t) => {
  t.deepEqual(buildTable('pods', [], { includeObject: 'Metadata', now }).rows, []);
});

test('finished pods carry the Completed row condition', (t) => {
  const done: Pod = { ...nginx, status: { phase: 'Succeeded' } };
  t.deepEqual(buildTable('pods', [done], { includeObject: 'None', now }).rows[0]!.conditions, [
    { type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' },
  ]);
  t.false('conditions' in buildTable('pods', [nginx], { includeObject: 'None', now }).rows[0]!);
});

test('roles, clusterroles and limitranges use the default convertor: NAME, CREATED AT in RFC 3339', (t) => {
  const role = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'reader', creationTimestamp: '2026-11-20T10:00:00Z' } };
  for (const resource of ['roles', 'clusterroles', 'limitranges']) {
    const table = buildTable(resource, [role], { includeObject: 'None', now });
    t.deepEqual(table.columnDefinitions.map((c) => [c.name, c.type]), [['Name', 'string'], ['Created At', 'date']]);
    t.deepEqual(table.rows[0]!.cells, ['reader', '2026-11-20T10:00:00Z']);
  }
  const undated = buildTable('roles', [{ metadata: { name: 'x' } }], { includeObject: 'None', now });
  t.deepEqual(undated.rows[0]!.cells, ['x', '0001-01-01T00:00:00Z']);
});

test('any other resource shows NAME and a rendered AGE', (t) => {
  const widget = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w1', creationTimestamp: '2026-11-21T01:47:08Z' } };
  const table = buildTable('widgets', [widget], { includeObject: 'Metadata', now });
  t.deepEqual(table.columnDefinitions.map((c) => c.name), ['Name', 'Age']);
  t.deepEqual(table.rows[0]!.cells, ['w1', '3d']);
});
