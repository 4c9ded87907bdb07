import type { KubeObject } from './api-client.js';
import { Indexer, metaNamespaceKeyFunc, type Indexers } from './indexer.js';
import type { ListWatch } from './list-watch.js';
import { consoleLogger, type Logger } from './logger.js';
import { Reflector, type ReflectorStore } from './reflector.js';

/**
 * What onDelete gets when the informer missed the delete itself (a relist found the
 * object gone): its key and the last state the cache held, which may be stale.
 */
export class DeletedFinalStateUnknown<T> {
  constructor(
    readonly key: string,
    readonly obj: T,
  ) {}
}

/** The key of an object or of a tombstone (DeletionHandlingMetaNamespaceKeyFunc), for onDelete handlers. */
export function deletionHandlingMetaNamespaceKeyFunc(obj: KubeObject | DeletedFinalStateUnknown<KubeObject>): string {
  return obj instanceof DeletedFinalStateUnknown ? obj.key : metaNamespaceKeyFunc(obj);
}

/** Notifications from an informer; the cache already holds the new state when they run. Keep them quick: enqueue a key. */
export interface ResourceEventHandler<T> {
  /** isInInitialList: the object was there at the first list (or before the handler was added). */
  onAdd?(obj: T, isInInitialList: boolean): void;
  /** Also on each resync and relist, with old and new possibly the same version. */
  onUpdate?(oldObj: T, newObj: T): void;
  onDelete?(obj: T | DeletedFinalStateUnknown<T>): void;
}

export interface ResourceEventHandlerRegistration {
  /** True once the handler has been told of every object of the first list. */
  hasSynced(): boolean;
  remove(): void;
}

export interface SharedInformerOptions<T> {
  /** Milliseconds between resyncs (every cached object re-delivered as an update); 0: never. */
  resyncPeriodMs?: number;
  indexers?: Indexers<T>;
  logger?: Logger;
  /** For logs: usually the resource. */
  name?: string;
}

interface Listener<T> {
  handler: ResourceEventHandler<T>;
  resyncPeriodMs: number;
  resyncTimer?: NodeJS.Timeout;
}

/**
 * One list+watch of a resource feeding an indexed cache and any number of event handlers
 * (client-go's sharedIndexInformer): controllers share it rather than each watching.
 */
export class SharedIndexInformer<T extends KubeObject = KubeObject> {
  private readonly indexer: Indexer<T>;
  private readonly reflector: Reflector<T>;
  private readonly listeners = new Set<Listener<T>>();
  private readonly defaultResyncPeriodMs: number;
  private readonly logger: Logger;
  private readonly name: string;
  private synced = false;
  private started = false;
  private stopped = false;

  constructor(listWatch: ListWatch<T>, options: SharedInformerOptions<T> = {}) {
    this.indexer = new Indexer<T>(options.indexers);
    this.defaultResyncPeriodMs = options.resyncPeriodMs ?? 0;
    this.logger = options.logger ?? consoleLogger;
    this.name = options.name ?? 'informer';
    const store: ReflectorStore<T> = {
      replace: (items) => this.replace(items),
      add: (obj) => this.upsert(obj),
      update: (obj) => this.upsert(obj),
      delete: (obj) => this.remove(obj),
    };
    this.reflector = new Reflector(listWatch, store, { name: this.name, logger: this.logger });
  }

  /**
   * Adds a handler; once the informer runs, it is first told of every cached object as an add.
   * Its resync period defaults to the informer's.
   */
  addEventHandler(handler: ResourceEventHandler<T>, resyncPeriodMs = this.defaultResyncPeriodMs): ResourceEventHandlerRegistration {
    const listener: Listener<T> = { handler, resyncPeriodMs };
    this.listeners.add(listener);
    if (this.started) {
      for (const obj of this.indexer.list()) this.notify('onAdd', () => handler.onAdd?.(obj, true));
      this.startResync(listener);
    }
    return {
      hasSynced: () => this.synced,
      remove: () => {
        clearInterval(listener.resyncTimer);
        this.listeners.delete(listener);
      },
    };
  }

  addIndexers(indexers: Indexers<T>): void {
    this.indexer.addIndexers(indexers);
  }

  /** The cache: read it, never write it. */
  getIndexer(): Indexer<T> {
    return this.indexer;
  }

  /** True once the first list is in the cache and handed to the handlers. */
  hasSynced(): boolean {
    return this.synced;
  }

  lastSyncResourceVersion(): string {
    return this.reflector.lastSyncResourceVersion;
  }

  run(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    for (const listener of this.listeners) this.startResync(listener);
    this.reflector.run();
  }

  stop(): void {
    this.stopped = true;
    this.reflector.stop();
    for (const listener of this.listeners) clearInterval(listener.resyncTimer);
  }

  /** A (re)list: objects already cached are updates, new ones adds, and the missing ones deletes with a tombstone. */
  private replace(items: T[]): void {
    const isInInitialList = !this.synced;
    const listed = new Set<string>();
    for (const obj of items) {
      listed.add(this.indexer.keyFunc(obj));
      this.upsert(obj, isInInitialList);
    }
    for (const key of this.indexer.listKeys()) {
      if (listed.has(key)) continue;
      const last = this.indexer.getByKey(key)!;
      this.indexer.deleteByKey(key);
      this.distribute('onDelete', (h) => h.onDelete?.(new DeletedFinalStateUnknown(key, last)));
    }
    this.synced = true;
  }

  private upsert(obj: T, isInInitialList = false): void {
    const old = this.indexer.get(obj);
    this.indexer.update(obj);
    if (old) this.distribute('onUpdate', (h) => h.onUpdate?.(old, obj));
    else this.distribute('onAdd', (h) => h.onAdd?.(obj, isInInitialList));
  }

  private remove(obj: T): void {
    this.indexer.delete(obj);
    this.distribute('onDelete', (h) => h.onDelete?.(obj));
  }

  private startResync(listener: Listener<T>): void {
    if (listener.resyncPeriodMs <= 0) return;
    listener.resyncTimer = setInterval(() => {
      if (!this.synced) return;
      for (const obj of this.indexer.list()) this.notify('onUpdate', () => listener.handler.onUpdate?.(obj, obj));
    }, listener.resyncPeriodMs);
  }

  private distribute(what: keyof ResourceEventHandler<T>, call: (handler: ResourceEventHandler<T>) => void): void {
    // A snapshot: a handler that adds a handler must not hand it this event as well as its synthetic adds.
    for (const listener of [...this.listeners]) this.notify(what, () => call(listener.handler));
  }

  /** One handler's failure neither stops the informer nor keeps the others from hearing. */
  private notify(what: string, call: () => void): void {
    try {
      call();
    } catch (err) {
      this.logger.warn({ err, informer: this.name, handler: what }, 'event handler failed');
    }
  }
}

/** Resolves true once every informer has synced, or false if `signal` aborts first (WaitForCacheSync). */
export async function waitForCacheSync(informers: ReadonlyArray<{ hasSynced(): boolean }>, signal?: AbortSignal): Promise<boolean> {
  while (!informers.every((i) => i.hasSynced())) {
    if (signal?.aborted) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return true;
}
