import type { ClientDuplexStream } from '@grpc/grpc-js';
import type { WatchClient, WatchCreateRequest, WatchRequest, WatchResponse } from '@kubeling/proto/etcd';
import { watchProgressRequest } from '@kubeling/testing';

/** One watch on a stream: the request that created it and every response the server sent for it. */
export interface WatchRecord {
  readonly request: WatchCreateRequest;
  readonly id: bigint;
  readonly responses: WatchResponse[];
}

/** etcd's clientv3.InvalidWatchID: the watch_id of a progress response (it concerns every watch of the stream). */
const PROGRESS_WATCH_ID = -1n;

/**
 * One Watch gRPC stream carrying several watches, recording every response. Create
 * requests are answered in order (as etcd does), so the n-th `created` response belongs to
 * the n-th create request. `pause()` stops reading the stream, so the server meets flow
 * control, as it would with a slow client.
 */
export class WatchStream {
  private readonly call: ClientDuplexStream<WatchRequest, WatchResponse>;
  private readonly pendingCreates: Array<{ request: WatchCreateRequest; resolve: (r: WatchRecord) => void }> = [];
  private readonly pendingProgress: Array<(r: WatchResponse) => void> = [];
  readonly watches = new Map<bigint, WatchRecord>();
  /** Responses for a watch_id this stream never saw created, or progress responses nobody asked for (there must be none). */
  readonly strays: WatchResponse[] = [];
  error: Error | undefined;

  constructor(client: WatchClient) {
    this.call = client.watch();
    this.call.on('data', (response: WatchResponse) => this.dispatch(response));
    this.call.on('error', (error: Error) => {
      this.error ??= error;
    });
  }

  /** Sends a create request; resolves with its record once the server answered `created`. */
  create(request: WatchRequest): Promise<WatchRecord> {
    const create = request.createRequest;
    if (!create) throw new Error('not a create request');
    return new Promise((resolve) => {
      this.pendingCreates.push({ request: create, resolve });
      this.call.write(request);
    });
  }

  /** Sends a WatchProgressRequest; resolves with the next response whose watch_id is -1. */
  progress(): Promise<WatchResponse> {
    return new Promise((resolve) => {
      this.pendingProgress.push(resolve);
      this.call.write(watchProgressRequest());
    });
  }

  pause(): void {
    this.call.pause();
  }

  resume(): void {
    this.call.resume();
  }

  /** Ends the call from the client side (the server sees the stream cancelled). */
  close(): void {
    this.call.cancel();
  }

  private dispatch(response: WatchResponse): void {
    if (response.watchId === PROGRESS_WATCH_ID && !response.created) {
      const waiting = this.pendingProgress.shift();
      if (waiting) waiting(response);
      else this.strays.push(response);
      return;
    }
    if (response.created) {
      const pending = this.pendingCreates.shift();
      if (!pending) return void this.strays.push(response);
      const record: WatchRecord = { request: pending.request, id: response.watchId, responses: [response] };
      this.watches.set(record.id, record);
      pending.resolve(record);
      return;
    }
    const record = this.watches.get(response.watchId);
    if (record) record.responses.push(response);
    else this.strays.push(response);
  }
}
