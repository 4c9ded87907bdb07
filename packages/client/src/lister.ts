import type { KubeObject } from './api-client.js';
import { NAMESPACE_INDEX, type Indexer } from './indexer.js';

/** A label selector (labels.Selector); @kubeling/api's LabelSelector is one. */
export interface Selector {
  matches(labels: Readonly<Record<string, string>> | undefined): boolean;
}

const labelsOf = (obj: KubeObject) => obj.metadata?.labels as Record<string, string> | undefined;
const selected = <T extends KubeObject>(objs: T[], selector?: Selector) => (selector ? objs.filter((o) => selector.matches(labelsOf(o))) : objs);

/**
 * Reads objects of one resource from an informer's cache (client-go's generated listers):
 * no call to the apiserver. The objects are the cache's own: copy before changing one.
 */
export class Lister<T extends KubeObject = KubeObject> {
  constructor(private readonly indexer: Indexer<T>) {}

  /** Every cached object, or those whose labels the selector matches. */
  list(selector?: Selector): T[] {
    return selected(this.indexer.list(), selector);
  }

  /** A cluster-scoped object by name. */
  get(name: string): T | undefined {
    return this.indexer.getByKey(name);
  }

  /** The objects of one namespace (as `Pods(namespace)` in client-go). */
  namespace(namespace: string): NamespaceLister<T> {
    return new NamespaceLister(this.indexer, namespace);
  }
}

export class NamespaceLister<T extends KubeObject = KubeObject> {
  constructor(
    private readonly indexer: Indexer<T>,
    private readonly ns: string,
  ) {}

  list(selector?: Selector): T[] {
    return selected(this.indexer.byIndex(NAMESPACE_INDEX, this.ns), selector);
  }

  get(name: string): T | undefined {
    return this.indexer.getByKey(`${this.ns}/${name}`);
  }
}
