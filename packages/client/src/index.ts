export { ApiClient, type ApiClientOptions, type KubeObject, type ListOptions, type ListResult, type ResourceRef, type WriteOptions } from './api-client.js';
export { ApiClientError, isAlreadyExists, isConflict, isGone, isNotFound, type Status } from './api-error.js';
export { DEFAULT_RETRY, isTransient, withRetries, type RetryPolicy } from './retry.js';
export { Watcher, type WatchEventType, type WatchHandlers } from './watcher.js';
