import type { ApiClient, KubeObject, ListOptions, ListResult, ResourceRef } from './api-client.js';
import { Watcher, type WatchHandlers } from './watcher.js';

/** A watch in progress: it resumes by itself until stopped or gone (410). */
export interface WatchHandle {
  stop(): void;
  /** The last resourceVersion delivered, bookmarks included. */
  readonly lastResourceVersion: string;
}

/** What a reflector needs from the apiserver for one resource (client-go's ListerWatcher). */
export interface ListWatch<T extends KubeObject = KubeObject> {
  list(options: ListOptions): Promise<ListResult<T>>;
  /** Watches the changes after `resourceVersion`; only a 410 Gone is handed back, through onGone. */
  watch(resourceVersion: string, handlers: WatchHandlers<T>): WatchHandle;
}

/** Selectors every list and watch of a ListWatch carries. */
export interface ListWatchOptions {
  labelSelector?: string;
  fieldSelector?: string;
}

/** Lists and watches `ref` (one namespace, or all when it names none) through the client (NewFilteredListWatchFromClient). */
export function listWatchFromClient<T extends KubeObject = KubeObject>(client: ApiClient, ref: ResourceRef, options: ListWatchOptions = {}): ListWatch<T> {
  return {
    list: (listOptions) => client.list<T>(ref, { ...listOptions, ...options }),
    watch: (resourceVersion, handlers) => new Watcher<T>(client, ref, { ...options, resourceVersion }, handlers),
  };
}
