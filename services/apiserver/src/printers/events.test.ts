import test from 'ava';
import type { Event } from 'kubernetes-types/core/v1.js';
import { eventPrinter } from './events.js';

const now = new Date('2026-11-24T12:00:00Z');

function event(overrides: Partial<Event> = {}): Event {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: 'web-1.17f3a', namespace: 'default' },
    involvedObject: { kind: 'Pod', name: 'web-1', namespace: 'default', fieldPath: 'spec.containers{app}' },
    type: 'Normal',
    reason: 'Pulled',
    message: 'Successfully pulled image "nginx"\n',
    source: { component: 'kubelet', host: 'node-1' },
    firstTimestamp: '2026-11-24T11:50:00Z',
    lastTimestamp: '2026-11-24T11:58:00Z',
    count: 3,
    ...overrides,
  };
}

test('columns: LAST SEEN TYPE REASON OBJECT MESSAGE; wide adds SUBOBJECT SOURCE FIRST SEEN COUNT NAME', (t) => {
  t.deepEqual(
    eventPrinter.columns.map((c) => [c.name, c.priority]),
    [['Last Seen', 0], ['Type', 0], ['Reason', 0], ['Object', 0], ['Subobject', 1], ['Source', 1], ['Message', 0], ['First Seen', 1], ['Count', 1], ['Name', 1]],
  );
});

test('a repeated kubelet event', (t) => {
  t.deepEqual(eventPrinter.cells(event(), now), [
    '2m',
    'Normal',
    'Pulled',
    'pod/web-1',
    'spec.containers{app}',
    'kubelet, node-1',
    'Successfully pulled image "nginx"',
    '10m',
    3,
    'web-1.17f3a',
  ]);
});

test('an events.k8s.io event: eventTime, no count, reporting controller', (t) => {
  const cells = eventPrinter.cells(
    event({
      firstTimestamp: undefined,
      lastTimestamp: undefined,
      count: undefined,
      eventTime: '2026-11-24T11:59:30.123456Z',
      source: undefined,
      reportingComponent: 'default-scheduler',
      reportingInstance: '',
      involvedObject: { kind: 'Pod', name: 'web-1' },
    }),
    now,
  );
  t.deepEqual([cells[0], cells[4], cells[5], cells[7], cells[8]], ['29s', '', 'default-scheduler', '29s', 1]);
});

test('an event series counts and dates from the series', (t) => {
  const cells = eventPrinter.cells(event({ series: { count: 12, lastObservedTime: '2026-11-24T11:59:00.000000Z' } }), now);
  t.deepEqual([cells[0], cells[8]], ['60s', 12]);
});

test('an event about a kind without a name, and one never timestamped', (t) => {
  const cells = eventPrinter.cells(event({ involvedObject: { kind: 'Node' }, firstTimestamp: undefined, lastTimestamp: undefined }), now);
  t.deepEqual([cells[0], cells[3], cells[7]], ['<unknown>', 'node', '<unknown>']);
});
