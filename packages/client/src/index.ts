export { ApiClient, type ApiClientOptions, type KubeObject, type ListOptions, type ListResult, type ResourceRef, type WriteOptions } from './api-client.js';
export { ApiClientError, isAlreadyExists, isConflict, isGone, isInvalid, isNotFound, type Status } from './api-error.js';
export { apiClientOptionsFromKubeconfig, type KubeconfigClientOptions } from './kubeconfig.js';
export { Backoff, DEFAULT_RETRY, isTransient, withRetries, type RetryPolicy } from './retry.js';
export { Watcher, type WatchEventType, type WatchHandlers } from './watcher.js';
export { consoleLogger, type Logger } from './logger.js';
export { listWatchFromClient, type ListWatch, type ListWatchOptions, type WatchHandle } from './list-watch.js';
export { Reflector, type ReflectorOptions, type ReflectorStore } from './reflector.js';
export {
  Indexer,
  NAMESPACE_INDEX,
  labelIndexFunc,
  metaNamespaceIndexFunc,
  metaNamespaceKeyFunc,
  splitMetaNamespaceKey,
  type IndexFunc,
  type Indexers,
  type KeyFunc,
} from './indexer.js';
export {
  DeletedFinalStateUnknown,
  SharedIndexInformer,
  deletionHandlingMetaNamespaceKeyFunc,
  waitForCacheSync,
  type ResourceEventHandler,
  type ResourceEventHandlerRegistration,
  type SharedInformerOptions,
} from './shared-informer.js';
export { Lister, NamespaceLister, type Selector } from './lister.js';
export { SharedInformerFactory, type GroupVersionResource, type InformerForOptions, type SharedInformerFactoryOptions } from './informer-factory.js';
export { WorkQueue } from './work-queue.js';
export { DelayingQueue } from './delaying-queue.js';
export { RateLimitingQueue } from './rate-limiting-queue.js';
export { BucketRateLimiter, ItemExponentialFailureRateLimiter, MaxOfRateLimiter, defaultControllerRateLimiter, type RateLimiter } from './rate-limiter.js';
export { LeaseLock, microTime, type LeaderElectionRecord, type Lease, type LeaseClient } from './lease-lock.js';
export { LeaderElector, type LeaderCallbacks, type LeaderElectionConfig } from './leader-election.js';
export { EventRecorder, referenceTo, type Event, type EventClient, type EventRecorderOptions, type EventSource, type EventType, type ObjectReference } from './event-recorder.js';
export { campaign, type CampaignOptions } from './leader-campaign.js';
