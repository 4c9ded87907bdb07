import { referencedName, SCHEMA_REF_PREFIX, typeSchemas, type GroupVersionKind, type Schema, type TypeSchemas } from './type-schemas.js';

/** What the document needs of a served resource. */
export interface OpenApiResource {
  group: string;
  version: string;
  /** The plural REST name: "deployments". */
  resource: string;
  kind: string;
  namespaced: boolean;
}

/** The parts of an OpenAPI v3 document the apiserver serves at /openapi/v3/<group/version>. */
export interface OpenApiV3Document {
  openapi: '3.0.0';
  info: { title: string; version: string };
  paths: Record<string, unknown>;
  components: { schemas: Record<string, Schema> };
}

const PATCH_DEFINITION = 'io.k8s.apimachinery.pkg.apis.meta.v1.Patch';

/**
 * The OpenAPI v3 document of one group/version: for each resource the patch operation
 * kubectl looks for (its group-version-kind and the fieldValidation parameter, which
 * makes kubectl validate on the server), and the schema of every type reachable from
 * the kinds and their lists, for `kubectl explain`. The strategic-merge-patch content
 * type is deliberately not offered: kubectl then computes apply patches from its
 * compiled-in metadata for built-in kinds rather than from these schemas, which lack
 * the patch strategies and merge keys.
 */
export function openApiV3Document(resources: readonly OpenApiResource[], types: TypeSchemas = typeSchemas()): OpenApiV3Document {
  const paths: Record<string, unknown> = {};
  const roots = [PATCH_DEFINITION];
  for (const r of resources) {
    const kind = types.schemaForKind(r.group, r.version, r.kind);
    const list = types.schemaForKind(r.group, r.version, `${r.kind}List`);
    paths[itemPath(r)] = { parameters: pathParameters(r), patch: patchOperation(r, kind?.name) };
    for (const found of [kind, list]) if (found) roots.push(found.name);
  }
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: 'unversioned' },
    paths,
    components: { schemas: reachableSchemas(roots, types) },
  };
}

function itemPath(r: OpenApiResource): string {
  const base = r.group === '' ? `/api/${r.version}` : `/apis/${r.group}/${r.version}`;
  return r.namespaced ? `${base}/namespaces/{namespace}/${r.resource}/{name}` : `${base}/${r.resource}/{name}`;
}

function pathParameters(r: OpenApiResource): unknown[] {
  const name = { name: 'name', in: 'path', required: true, description: `name of the ${r.kind}`, schema: stringParameter() };
  if (!r.namespaced) return [name];
  const namespace = { name: 'namespace', in: 'path', required: true, description: 'object name and auth scope, such as for teams and projects', schema: stringParameter() };
  return [name, namespace];
}

function patchOperation(r: OpenApiResource, kindSchema: string | undefined): unknown {
  const gvk: GroupVersionKind = { group: r.group, version: r.version, kind: r.kind };
  const patch = { schema: { $ref: `${SCHEMA_REF_PREFIX}${PATCH_DEFINITION}` } };
  const response = kindSchema === undefined ? {} : { content: { 'application/json': { schema: { $ref: `${SCHEMA_REF_PREFIX}${kindSchema}` } } } };
  return {
    description: `partially update the specified ${r.kind}`,
    parameters: ['dryRun', 'fieldManager', 'fieldValidation', 'force'].map((name) => ({
      name,
      in: 'query',
      schema: name === 'force' ? { type: 'boolean', uniqueItems: true } : stringParameter(),
    })),
    requestBody: {
      content: { 'application/apply-patch+yaml': patch, 'application/json-patch+json': patch, 'application/merge-patch+json': patch },
      required: true,
    },
    responses: { '200': { description: 'OK', ...response }, '201': { description: 'Created', ...response } },
    'x-kubernetes-action': 'patch',
    'x-kubernetes-group-version-kind': gvk,
  };
}

function stringParameter(): Schema & { uniqueItems: boolean } {
  return { type: 'string', uniqueItems: true };
}

/** The named definitions and every definition they refer to, transitively, sorted by name. */
function reachableSchemas(roots: readonly string[], types: TypeSchemas): Record<string, Schema> {
  const seen = new Set<string>();
  const pending = [...roots];
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    if (seen.has(name)) continue;
    seen.add(name);
    pending.push(...references(types.definitions[name]));
  }
  return Object.fromEntries([...seen].sort().map((name) => [name, types.definitions[name]]));
}

function references(schema: Schema): string[] {
  const nested = [
    ...Object.values(schema.properties ?? {}),
    ...(schema.items ? [schema.items] : []),
    ...(schema.additionalProperties ? [schema.additionalProperties] : []),
  ];
  const own = referencedName(schema);
  return [...(own === undefined ? [] : [own]), ...nested.flatMap(references)];
}
