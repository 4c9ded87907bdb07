import { createHash } from 'node:crypto';
import type { ResourceRegistry } from '@kubeling/api';
import { openApiV3Document } from '@kubeling/api/schema/openapi-v3';

/**
 * OpenAPI v3 documents for kubectl, built once: per group/version, the patch operation of
 * every kind with its group-version-kind and the fieldValidation parameter (which tells
 * kubectl to validate on the server), and the types' schemas (for `kubectl explain`). No
 * strategic-merge-patch request body is advertised, so kubectl computes apply patches from
 * its compiled-in metadata for built-in kinds (correct $retainKeys and merge keys).
 */
export class OpenApi {
  private readonly documents = new Map<string, { body: string; hash: string }>();

  constructor(registry: ResourceRegistry) {
    for (const g of registry.groups()) {
      for (const v of g.versions) {
        const path = g.group === '' ? `api/${v}` : `apis/${g.group}/${v}`;
        const body = JSON.stringify(openApiV3Document(registry.inGroupVersion(g.group, v)));
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
