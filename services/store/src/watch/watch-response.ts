import type { Event, ResponseHeader, WatchResponse } from '@kubeling/proto/etcd';

/** A WatchResponse with etcd's defaults for every field not given. */
export function watchResponse(header: ResponseHeader, watchId: bigint, fields: Partial<WatchResponse> = {}): WatchResponse {
  return {
    header,
    watchId,
    created: false,
    canceled: false,
    compactRevision: 0n,
    cancelReason: '',
    fragment: false,
    events: [] as Event[],
    ...fields,
  };
}
