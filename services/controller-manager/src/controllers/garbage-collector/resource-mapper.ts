// Which resources the garbage collector watches, and the REST resource of an apiVersion/kind
// (the RESTMapper it resolves owner references with).
import { BUILTIN_RESOURCES, groupVersion, type ResourceInfo } from '@kubeling/api';
import type { ResourceRef } from '@kubeling/client';
import type { ObjectIdentity } from './graph.js';

/**
 * Not watched: events (as kube-controller-manager's DefaultIgnoredResources) and leases, which
 * both churn constantly; an object they own is never collected, nor are they.
 */
const IGNORED = new Set(['/events', 'events.k8s.io/events', 'coordination.k8s.io/leases']);

/** The owner reference names an apiVersion/kind no served resource has. */
export class RestMappingError extends Error {
  constructor(apiVersion: string, kind: string) {
    super(`unable to get REST mapping for ${apiVersion}/${kind}`);
    this.name = 'RestMappingError';
  }
}

export class ResourceMapper {
  private readonly byKind = new Map<string, ResourceInfo>();

  constructor(private readonly resources: readonly ResourceInfo[] = BUILTIN_RESOURCES) {
    for (const r of resources) this.byKind.set(`${groupVersion(r)}/${r.kind}`, r);
  }

  /** Resources that can be listed, watched and deleted, less the ignored ones (GetDeletableResources). */
  monitored(): ResourceInfo[] {
    return this.resources.filter((r) => ['list', 'watch', 'delete'].every((v) => r.verbs.includes(v)) && !IGNORED.has(`${r.group}/${r.resource}`));
  }

  resourceFor(apiVersion: string, kind: string): ResourceInfo {
    const r = this.byKind.get(`${apiVersion}/${kind}`);
    if (!r) throw new RestMappingError(apiVersion, kind);
    return r;
  }

  /** Where the object an identity names is served. */
  refFor(identity: ObjectIdentity): ResourceRef {
    const r = this.resourceFor(identity.apiVersion, identity.kind);
    return { group: r.group || undefined, version: r.version, resource: r.resource, namespace: r.namespaced ? identity.namespace : undefined, name: identity.name };
  }
}
