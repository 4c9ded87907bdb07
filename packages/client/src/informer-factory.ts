import type { ApiClient, KubeObject } from './api-client.js';
import type { Indexers } from './indexer.js';
import { listWatchFromClient, type ListWatchOptions } from './list-watch.js';
import type { Logger } from './logger.js';
import { SharedIndexInformer, waitForCacheSync } from './shared-informer.js';

/** A resource as the apiserver serves it: `{ group: 'apps', version: 'v1', resource: 'deployments' }`. */
export interface GroupVersionResource {
  group?: string;
  version: string;
  resource: string;
}

export interface SharedInformerFactoryOptions {
  /** Watch one namespace only; every namespace by default. */
  namespace?: string;
  /** Resync period of informers that ask for none; 0: never. */
  defaultResyncMs?: number;
  /** Selectors on every list and watch (WithTweakListOptions). */
  listOptions?: ListWatchOptions;
  logger?: Logger;
}

export interface InformerForOptions<T> {
  resyncPeriodMs?: number;
  /** Added to the shared informer unless it has an index of that name already: a name means one function everywhere. */
  indexers?: Indexers<T>;
}

/**
 * One informer per resource for a whole process (client-go's SharedInformerFactory): two
 * controllers asking for pods share one watch and one cache.
 */
export class SharedInformerFactory {
  private readonly informers = new Map<string, SharedIndexInformer<KubeObject>>();
  private started = false;

  constructor(
    private readonly client: ApiClient,
    private readonly options: SharedInformerFactoryOptions = {},
  ) {}

  /** The informer of `gvr`, made on first use; it runs once start() is (or has been) called. */
  informerFor<T extends KubeObject = KubeObject>(gvr: GroupVersionResource, options: InformerForOptions<T> = {}): SharedIndexInformer<T> {
    const key = `${gvr.group ?? ''}/${gvr.version}/${gvr.resource}`;
    let informer = this.informers.get(key) as SharedIndexInformer<T> | undefined;
    if (!informer) {
      const ref = { group: gvr.group, version: gvr.version, resource: gvr.resource, namespace: this.options.namespace };
      informer = new SharedIndexInformer<T>(listWatchFromClient<T>(this.client, ref, this.options.listOptions), {
        resyncPeriodMs: options.resyncPeriodMs ?? this.options.defaultResyncMs,
        logger: this.options.logger,
        name: gvr.group ? `${gvr.resource}.${gvr.group}` : gvr.resource,
      });
      this.informers.set(key, informer as unknown as SharedIndexInformer<KubeObject>);
      if (this.started) informer.run();
    }
    const known = new Set(informer.getIndexer().indexNames());
    informer.addIndexers(Object.fromEntries(Object.entries(options.indexers ?? {}).filter(([name]) => !known.has(name))));
    return informer;
  }

  /** Runs every informer made so far, and those made later. */
  start(): void {
    this.started = true;
    for (const informer of this.informers.values()) informer.run();
  }

  /** Resolves true once every informer made so far has synced (false if `signal` aborts first). */
  waitForCacheSync(signal?: AbortSignal): Promise<boolean> {
    return waitForCacheSync([...this.informers.values()], signal);
  }

  shutdown(): void {
    for (const informer of this.informers.values()) informer.stop();
  }
}
