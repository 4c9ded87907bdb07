import { createHash } from 'node:crypto';
import { groupVersion, type ResourceInfo, type ResourceRegistry } from '@kubeling/api';

/**
 * OpenAPI v3 documents for kubectl: per group/version, the patch operation of every kind
 * with its group-version-kind and the fieldValidation parameter, which is what tells
 * kubectl to validate on the server. No strategic-merge-patch request body is
 * advertised, so kubectl computes apply patches from its compiled-in metadata for
 * built-in kinds (correct $retainKeys and merge keys) rather than from thin schemas.
 */
export class OpenApi {
  private readonly documents = new Map<string, { body: string; hash: string }>();

  constructor(registry: ResourceRegistry) {
    for (const g of registry.groups()) {
      for (const v of g.versions) {
        const path = g.group === '' ? `api/${v}` : `apis/${g.group}/${v}`;
        const body = JSON.stringify(document(registry.inGroupVersion(g.group, v)));
        this.documents.set(path, { body, hash: createHash('sha512').update(body).digest('hex').toUpperCase() });
      }
    }
  }

  /** /openapi/v3: where each group/version document is, with a hash that changes with it. */
  root(): string {
    const paths: Record<string, { serverRelativeURL: string }> = {};
    for (const [path, doc] of this.documents) paths[path] = { serverRelativeURL: `/openapi/v3/${path}?hash=${doc.hash}` };
    return JSON.stringify({ paths });
  }

  /** The document at /openapi/v3/<path>, if served. */
  document(path: string): string | undefined {
    return this.documents.get(path)?.body;
  }
}

function resourcePath(r: ResourceInfo): string {
  const base = r.group === '' ? `/api/${r.version}` : `/apis/${groupVersion(r)}`;
  return r.namespaced ? `${base}/namespaces/{namespace}/${r.resource}/{name}` : `${base}/${r.resource}/{name}`;
}

function document(resources: ResourceInfo[]) {
  const paths: Record<string, unknown> = {};
  for (const r of resources) {
    const gvk = { group: r.group, version: r.version, kind: r.kind };
    paths[resourcePath(r)] = {
      patch: {
        'x-kubernetes-group-version-kind': gvk,
        'x-kubernetes-action': 'patch',
        parameters: [
          { name: 'dryRun', in: 'query', schema: { type: 'string' } },
          { name: 'fieldManager', in: 'query', schema: { type: 'string' } },
          { name: 'fieldValidation', in: 'query', schema: { type: 'string' } },
        ],
        requestBody: { content: { 'application/json-patch+json': {}, 'application/merge-patch+json': {}, 'application/apply-patch+yaml': {} } },
      },
    };
  }
  return { openapi: '3.0.0', info: { title: 'Kubernetes', version: 'v1.32.0' }, paths, components: { schemas: {} } };
}
