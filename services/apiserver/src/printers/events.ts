import type { Event, EventSource } from 'kubernetes-types/core/v1.js';
import { NAME_COLUMN, column, wideColumn } from './columns.js';
import { timestampSince } from './human-duration.js';
import type { Printer } from './printer.js';

export const eventPrinter: Printer<Event> = {
  columns: [
    column('Last Seen', 'The time at which the most recent occurrence of this event was recorded.'),
    column('Type', 'Type of this event (Normal, Warning), new types could be added in the future'),
    column('Reason', "This should be a short, machine understandable string that gives the reason for the transition into the object's current status."),
    column('Object', 'The object that this event is about.'),
    wideColumn('Subobject', 'If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement.'),
    wideColumn('Source', 'The component reporting this event. Should be a short machine understandable string.'),
    column('Message', 'A human-readable description of the status of this operation.'),
    wideColumn('First Seen', 'The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)'),
    wideColumn('Count', 'The number of times this event has occurred.'),
    { ...NAME_COLUMN, priority: 1 },
  ],
  cells(event, now) {
    const firstSeen = timestampSince(event.firstTimestamp || event.eventTime, now);
    const lastSeen = event.series ? timestampSince(event.series.lastObservedTime, now) : event.lastTimestamp ? timestampSince(event.lastTimestamp, now) : firstSeen;
    return [
      lastSeen,
      event.type ?? '',
      event.reason ?? '',
      target(event),
      event.involvedObject.fieldPath ?? '',
      source(event.source, event.reportingComponent, event.reportingInstance),
      (event.message ?? '').trim(),
      firstSeen,
      eventCount(event),
      event.metadata.name ?? '',
    ];
  },
};

/** "pod/web-1": the involved object's kind, lower-cased, and name. */
function target(event: Event): string {
  const kind = (event.involvedObject.kind ?? '').toLowerCase();
  return event.involvedObject.name ? `${kind}/${event.involvedObject.name}` : kind;
}

/** Singleton events of the events.k8s.io API carry no count: they happened once. */
function eventCount(event: Event): number {
  if (event.series) return event.series.count ?? 0;
  return event.count || 1;
}

/** "kubelet, node-1": component and host, falling back to the reporting controller and instance. */
function source(es: EventSource | undefined, reportingController: string | undefined, reportingInstance: string | undefined): string {
  const component = es?.component || reportingController || '';
  const instance = es?.host || reportingInstance || '';
  return instance ? `${component}, ${instance}` : component;
}
