import { setTimeout as sleep } from 'node:timers/promises';
import type { KubeObject, ListResult } from './api-client.js';
import { isGone } from './api-error.js';
import type { ListWatch, WatchHandle } from './list-watch.js';
import { consoleLogger, type Logger } from './logger.js';
import { Backoff } from './retry.js';
import type { WatchEventType } from './watcher.js';

/** Where a reflector puts what it sees (client-go's Store, as the informer implements it). */
export interface ReflectorStore<T> {
  /** Everything a (re)list found: the store becomes exactly this. */
  replace(items: T[], resourceVersion: string): void;
  add(obj: T): void;
  update(obj: T): void;
  delete(obj: T): void;
}

export interface ReflectorOptions {
  /** For logs: usually the resource, e.g. "pods". */
  name?: string;
  logger?: Logger;
  /** Objects per list page; 0 lists in one response. */
  pageSize?: number;
}

/**
 * Keeps a store in step with the apiserver (client-go's Reflector): list, replace the store,
 * then watch from the list's resourceVersion. The watch resumes from the last version it
 * delivered when its stream ends; when that version is gone (410) the reflector lists
 * again. Failed lists are retried with backoff (800 ms doubling to 30 s, as client-go).
 */
export class Reflector<T extends KubeObject = KubeObject> {
  private readonly name: string;
  private readonly logger: Logger;
  private readonly pageSize: number;
  private readonly backoff = new Backoff(800, 30_000);
  private readonly abort = new AbortController();
  private watch?: WatchHandle;
  private listedResourceVersion = '';
  private running = false;

  constructor(
    private readonly listWatch: ListWatch<T>,
    private readonly store: ReflectorStore<T>,
    options: ReflectorOptions = {},
  ) {
    this.name = options.name ?? 'reflector';
    this.logger = options.logger ?? consoleLogger;
    this.pageSize = options.pageSize ?? 500;
  }

  /** The resourceVersion the store is at: the last list's, or the last watch event's after it. */
  get lastSyncResourceVersion(): string {
    return this.watch?.lastResourceVersion || this.listedResourceVersion;
  }

  run(): void {
    if (this.running) return;
    this.running = true;
    void this.listAndWatch();
  }

  stop(): void {
    this.abort.abort();
    this.watch?.stop();
  }

  private get stopped(): boolean {
    return this.abort.signal.aborted;
  }

  private async listAndWatch(): Promise<void> {
    this.watch = undefined;
    while (!this.stopped) {
      try {
        const { items, resourceVersion } = await this.list();
        if (this.stopped) return;
        this.store.replace(items, resourceVersion);
        this.listedResourceVersion = resourceVersion;
        this.backoff.reset();
        this.watchFrom(resourceVersion);
        return;
      } catch (err) {
        this.logger.warn({ err, reflector: this.name }, 'failed to list; retrying');
        await sleep(this.backoff.next(), undefined, { signal: this.abort.signal }).catch(() => undefined);
      }
    }
  }

  /** Every page of a list at one resourceVersion; when a continue token has expired, one unpaged list (as client-go's pager). */
  private async list(): Promise<ListResult<T>> {
    const first = await this.listWatch.list({ limit: this.pageSize });
    const items = [...first.items];
    for (let next = first.continue; next; ) {
      const page = await this.listWatch.list({ limit: this.pageSize, continue: next }).catch((err: unknown) => {
        if (isGone(err)) return undefined;
        throw err;
      });
      if (!page) return this.listWatch.list({});
      items.push(...page.items);
      next = page.continue;
    }
    return { items, resourceVersion: first.resourceVersion };
  }

  private watchFrom(resourceVersion: string): void {
    this.watch = this.listWatch.watch(resourceVersion, {
      onEvent: (type, obj) => {
        if (!this.stopped) this.apply(type, obj);
      },
      onGone: (status) => {
        if (this.stopped) return;
        this.logger.warn({ reflector: this.name, resourceVersion: this.lastSyncResourceVersion, status }, 'watch expired; listing again');
        void this.listAndWatch();
      },
    });
  }

  private apply(type: WatchEventType, obj: T): void {
    if (type === 'ADDED') this.store.add(obj);
    else if (type === 'MODIFIED') this.store.update(obj);
    else this.store.delete(obj);
  }
}
