import { Event_EventType, WatchCreateRequest_FilterType, type Event, type WatchCreateRequest } from '@kubeling/proto/etcd';

/** Whether `key` is in the watch's range, as etcd reads key/range_end (empty: one key; "\0": every key from `key` on). */
export function inWatchRange(request: Pick<WatchCreateRequest, 'key' | 'rangeEnd'>, key: Buffer): boolean {
  if (request.rangeEnd.length === 0) return key.equals(request.key);
  if (Buffer.compare(key, request.key) < 0) return false;
  return (request.rangeEnd.length === 1 && request.rangeEnd[0] === 0) || Buffer.compare(key, request.rangeEnd) < 0;
}

/** The event as the watch created by `request` must deliver it, or undefined if the watch must not deliver it. */
export function asDeliveredTo(request: WatchCreateRequest, event: Event): Event | undefined {
  if (!inWatchRange(request, event.kv!.key)) return undefined;
  const filtered = event.type === Event_EventType.PUT ? WatchCreateRequest_FilterType.NOPUT : WatchCreateRequest_FilterType.NODELETE;
  if (request.filters.includes(filtered)) return undefined;
  return request.prevKv ? event : { ...event, prevKv: undefined };
}
