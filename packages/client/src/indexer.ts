import type { KubeObject } from './api-client.js';

/** The values an object is filed under in one index (an object may have none or several). */
export type IndexFunc<T> = (obj: T) => string[];
export type Indexers<T> = Record<string, IndexFunc<T>>;
export type KeyFunc<T> = (obj: T) => string;

/** The index every Indexer has: objects by namespace ('' for cluster-scoped ones). */
export const NAMESPACE_INDEX = 'namespace';

/** `namespace/name`, or `name` for a cluster-scoped object (MetaNamespaceKeyFunc). */
export function metaNamespaceKeyFunc(obj: KubeObject): string {
  const name = obj.metadata?.name;
  if (!name) throw new Error('object has no metadata.name');
  const namespace = obj.metadata?.namespace;
  return namespace ? `${namespace}/${name}` : name;
}

/** The namespace and name in a `namespace/name` key (SplitMetaNamespaceKey). */
export function splitMetaNamespaceKey(key: string): { namespace: string; name: string } {
  const parts = key.split('/');
  if (parts.length === 1) return { namespace: '', name: parts[0]! };
  if (parts.length === 2) return { namespace: parts[0]!, name: parts[1]! };
  throw new Error(`unexpected key format: "${key}"`);
}

export function metaNamespaceIndexFunc(obj: KubeObject): string[] {
  return [obj.metadata?.namespace ?? ''];
}

/** An index function filing objects under the value of one label; objects without the label are left out. */
export function labelIndexFunc(label: string): IndexFunc<KubeObject> {
  return (obj) => {
    const labels = obj.metadata?.labels as Record<string, string> | undefined;
    const value = labels?.[label];
    return value === undefined ? [] : [value];
  };
}

/**
 * client-go's thread-safe store with indices: objects by key, and for each named index
 * function the keys filed under each value it returns, kept up to date on every write.
 * The objects are shared with every reader: treat them as read-only.
 */
export class Indexer<T extends KubeObject = KubeObject> {
  private readonly items = new Map<string, T>();
  private readonly indexers = new Map<string, IndexFunc<T>>();
  /** Index name → indexed value → keys. */
  private readonly indices = new Map<string, Map<string, Set<string>>>();

  constructor(
    indexers: Indexers<T> = {},
    readonly keyFunc: KeyFunc<T> = metaNamespaceKeyFunc,
  ) {
    this.addIndexers({ [NAMESPACE_INDEX]: metaNamespaceIndexFunc, ...indexers });
  }

  /** Adds index functions, filing the objects already stored under them too. */
  addIndexers(indexers: Indexers<T>): void {
    for (const [name, fn] of Object.entries(indexers)) {
      if (this.indexers.has(name)) throw new Error(`indexer conflict: ${name}`);
      this.indexers.set(name, fn);
      this.indices.set(name, new Map());
      for (const [key, obj] of this.items) this.file(name, fn(obj), key);
    }
  }

  indexNames(): string[] {
    return [...this.indexers.keys()];
  }

  add(obj: T): void {
    this.put(this.keyFunc(obj), obj);
  }

  update(obj: T): void {
    this.put(this.keyFunc(obj), obj);
  }

  delete(obj: T): void {
    this.deleteByKey(this.keyFunc(obj));
  }

  deleteByKey(key: string): void {
    const old = this.items.get(key);
    if (old === undefined) return;
    this.reindex(key, old, undefined);
    this.items.delete(key);
  }

  get(obj: T): T | undefined {
    return this.items.get(this.keyFunc(obj));
  }

  getByKey(key: string): T | undefined {
    return this.items.get(key);
  }

  list(): T[] {
    return [...this.items.values()];
  }

  listKeys(): string[] {
    return [...this.items.keys()];
  }

  /** Replaces every object with `items` and rebuilds the indices. */
  replace(items: readonly T[]): void {
    this.items.clear();
    for (const index of this.indices.values()) index.clear();
    for (const obj of items) this.add(obj);
  }

  /** The objects filed under `value` in the index `indexName`. */
  byIndex(indexName: string, value: string): T[] {
    return this.indexKeys(indexName, value).map((key) => this.items.get(key)!);
  }

  /** The keys filed under `value` in the index `indexName`. */
  indexKeys(indexName: string, value: string): string[] {
    return [...(this.indexOf(indexName).get(value) ?? [])];
  }

  /** The objects sharing any of `obj`'s values in the index `indexName`. */
  index(indexName: string, obj: T): T[] {
    const fn = this.indexers.get(indexName);
    if (!fn) throw new Error(`Index with name ${indexName} does not exist`);
    const keys = new Set(fn(obj).flatMap((value) => this.indexKeys(indexName, value)));
    return [...keys].map((key) => this.items.get(key)!);
  }

  /** Every value the index `indexName` has objects under. */
  listIndexFuncValues(indexName: string): string[] {
    return [...this.indexOf(indexName).keys()];
  }

  private put(key: string, obj: T): void {
    this.reindex(key, this.items.get(key), obj);
    this.items.set(key, obj);
  }

  private reindex(key: string, old: T | undefined, next: T | undefined): void {
    for (const [name, fn] of this.indexers) {
      if (old !== undefined) this.unfile(name, fn(old), key);
      if (next !== undefined) this.file(name, fn(next), key);
    }
  }

  private file(indexName: string, values: string[], key: string): void {
    const index = this.indices.get(indexName)!;
    for (const value of values) {
      let keys = index.get(value);
      if (!keys) index.set(value, (keys = new Set()));
      keys.add(key);
    }
  }

  private unfile(indexName: string, values: string[], key: string): void {
    const index = this.indices.get(indexName)!;
    for (const value of values) {
      const keys = index.get(value);
      keys?.delete(key);
      // Empty sets would pile up as values come and go (node names, label values).
      if (keys?.size === 0) index.delete(value);
    }
  }

  private indexOf(indexName: string): Map<string, Set<string>> {
    const index = this.indices.get(indexName);
    if (!index) throw new Error(`Index with name ${indexName} does not exist`);
    return index;
  }
}
