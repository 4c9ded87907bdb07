import type { ResourceInfo } from '@kubeling/api';

/** Kubernetes' storage layout: /registry/<resource>/<namespace>/<name>, or /registry/<resource>/<name>. */
export function objectKey(r: ResourceInfo, namespace: string | undefined, name: string): string {
  return r.namespaced ? `/registry/${r.resource}/${namespace}/${name}` : `/registry/${r.resource}/${name}`;
}

/** The prefix of a list: one namespace's objects, or all of the resource's. */
export function listPrefix(r: ResourceInfo, namespace?: string): string {
  return r.namespaced && namespace ? `/registry/${r.resource}/${namespace}/` : `/registry/${r.resource}/`;
}
