import type { ServerStreamCall } from '@kubeling/grpc-server';
import type { WatchEvent as WatchEventMessage } from '@kubeling/proto/api';
import type { Status } from './api-error.js';
import type { ApiClient, KubeObject, ListOptions, ResourceRef } from './api-client.js';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface WatchHandlers<T> {
  onEvent(type: WatchEventType, object: T): void;
  /** The version watched from is gone (410): the caller must list again and watch from the new version. */
  onGone(status: Status): void;
}

/**
 * A watch that survives its stream: when the stream ends or the apiserver goes away it
 * starts again from the last resourceVersion it delivered (on the next apiserver if need
 * be), so no event is lost or repeated; only a 410 is handed back to the caller.
 */
export class Watcher<T extends KubeObject = KubeObject> {
  private stream?: ServerStreamCall<WatchEventMessage>;
  private stopped = false;
  private resourceVersion: string;
  private backoffMs = 100;

  constructor(
    private readonly client: ApiClient,
    private readonly ref: ResourceRef,
    private readonly options: ListOptions,
    private readonly handlers: WatchHandlers<T>,
  ) {
    this.resourceVersion = options.resourceVersion ?? '';
    this.open();
  }

  /** The last resourceVersion delivered. */
  get lastResourceVersion(): string {
    return this.resourceVersion;
  }

  stop(): void {
    this.stopped = true;
    this.stream?.cancel();
  }

  private open(): void {
    if (this.stopped) return;
    // Bookmarks keep the resume point fresh while the selector matches nothing.
    const stream = this.client.watchStream(this.ref, { ...this.options, resourceVersion: this.resourceVersion, allowBookmarks: true });
    this.stream = stream;
    let gone = false;
    let ended = false;
    stream.on('data', (event: WatchEventMessage) => {
      if (stream !== this.stream) return;
      this.backoffMs = 100;
      const object = JSON.parse(event.object.toString('utf8')) as T & Status;
      if (event.type === 'ERROR') {
        gone = true;
        this.stopped = true;
        stream.cancel();
        this.handlers.onGone(object);
        return;
      }
      if (object.metadata?.resourceVersion) this.resourceVersion = object.metadata.resourceVersion;
      if (event.type !== 'BOOKMARK') this.handlers.onEvent(event.type as WatchEventType, object);
    });
    // One reopen per stream, however it ends (grpc-js' streams both ended and failed), or two
    // streams would deliver every event twice. A stream whose apiserver went away fails
    // UNAVAILABLE, and the client has already moved on to the next apiserver for the reopen.
    const again = () => {
      if (ended || this.stopped || gone || stream !== this.stream) return;
      ended = true;
      const delay = this.backoffMs;
      this.backoffMs = Math.min(this.backoffMs * 2, 5000);
      setTimeout(() => this.open(), delay);
    };
    stream.on('error', () => again());
    stream.on('end', () => again());
  }
}
