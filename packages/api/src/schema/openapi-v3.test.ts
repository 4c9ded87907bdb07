import test from 'ava';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApiV3Document, type OpenApiResource, type OpenApiV3Document } from './openapi-v3.js';

const DEPLOYMENTS: OpenApiResource = { group: 'apps', version: 'v1', resource: 'deployments', kind: 'Deployment', namespaced: true };
const REPLICASETS: OpenApiResource = { group: 'apps', version: 'v1', resource: 'replicasets', kind: 'ReplicaSet', namespaced: true };
const NAMESPACES: OpenApiResource = { group: '', version: 'v1', resource: 'namespaces', kind: 'Namespace', namespaced: false };

type Operation = {
  parameters: Array<{ name: string; in: string }>;
  requestBody: { content: Record<string, unknown> };
  responses: Record<string, { content?: Record<string, { schema: { $ref: string } }> }>;
  'x-kubernetes-group-version-kind': unknown;
};

function patchOf(doc: OpenApiV3Document, path: string): Operation {
  const item = doc.paths[path] as { patch?: Operation } | undefined;
  if (!item?.patch) throw new Error(`no patch operation at ${path}`);
  return item.patch;
}

test('each resource has a patch operation with its group-version-kind and the fieldValidation parameter', (t) => {
  const doc = openApiV3Document([DEPLOYMENTS, REPLICASETS]);
  t.deepEqual(Object.keys(doc.paths), ['/apis/apps/v1/namespaces/{namespace}/deployments/{name}', '/apis/apps/v1/namespaces/{namespace}/replicasets/{name}']);
  const patch = patchOf(doc, '/apis/apps/v1/namespaces/{namespace}/deployments/{name}');
  t.deepEqual(patch['x-kubernetes-group-version-kind'], { group: 'apps', version: 'v1', kind: 'Deployment' });
  t.true(patch.parameters.some((p) => p.name === 'fieldValidation' && p.in === 'query'));
  t.false('application/strategic-merge-patch+json' in patch.requestBody.content, 'kubectl must fall back to its compiled-in SMP metadata');
  t.is(patch.responses['200'].content?.['application/json'].schema.$ref, '#/components/schemas/io.k8s.api.apps.v1.Deployment');
});

test('core and cluster-scoped resources have their paths', (t) => {
  const doc = openApiV3Document([NAMESPACES]);
  const patch = patchOf(doc, '/api/v1/namespaces/{name}');
  t.deepEqual(patch['x-kubernetes-group-version-kind'], { group: '', version: 'v1', kind: 'Namespace' });
  const item = doc.paths['/api/v1/namespaces/{name}'] as { parameters: Array<{ name: string }> };
  t.deepEqual(item.parameters.map((p) => p.name), ['name']);
});

test('components hold the kinds, their lists and every type they reach, and nothing else', (t) => {
  const doc = openApiV3Document([DEPLOYMENTS]);
  const names = Object.keys(doc.components.schemas);
  for (const name of [
    'io.k8s.api.apps.v1.Deployment',
    'io.k8s.api.apps.v1.DeploymentList',
    'io.k8s.api.apps.v1.DeploymentSpec',
    'io.k8s.api.core.v1.PodSpec',
    'io.k8s.api.core.v1.Container',
    'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta',
    'io.k8s.apimachinery.pkg.apis.meta.v1.Time',
    'io.k8s.apimachinery.pkg.apis.meta.v1.Patch',
    'io.k8s.apimachinery.pkg.api.resource.Quantity',
    'io.k8s.apimachinery.pkg.util.intstr.IntOrString',
  ]) {
    t.true(names.includes(name), name);
  }
  t.false(names.includes('io.k8s.api.apps.v1.StatefulSet'));
  t.false(names.includes('io.k8s.api.core.v1.Service'));
  t.deepEqual(names, [...names].sort());
  t.deepEqual(doc.components.schemas['io.k8s.api.apps.v1.Deployment']['x-kubernetes-group-version-kind'], [{ group: 'apps', kind: 'Deployment', version: 'v1' }]);

  const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]);
  t.deepEqual(refs.filter((name) => !(name in doc.components.schemas)), []);
});

test('a kind without a built-in schema still gets its patch operation', (t) => {
  const doc = openApiV3Document([{ group: 'metrics.k8s.io', version: 'v1beta1', resource: 'pods', kind: 'PodMetrics', namespaced: true }]);
  const patch = patchOf(doc, '/apis/metrics.k8s.io/v1beta1/namespaces/{namespace}/pods/{name}');
  t.is(patch.responses['200'].content, undefined);
  t.deepEqual(Object.keys(doc.components.schemas), ['io.k8s.apimachinery.pkg.apis.meta.v1.Patch']);
});

/** Just enough of an apiserver for `kubectl explain`: legacy discovery and the OpenAPI v3 documents. */
function explainServer(): Server {
  const documents: Record<string, string> = {
    'api/v1': JSON.stringify(openApiV3Document([NAMESPACES])),
    'apis/apps/v1': JSON.stringify(openApiV3Document([DEPLOYMENTS, REPLICASETS])),
  };
  const resourceList = (groupVersion: string, resources: OpenApiResource[]) => ({
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion,
    resources: resources.map((r) => ({ name: r.resource, singularName: r.kind.toLowerCase(), namespaced: r.namespaced, kind: r.kind, verbs: ['get', 'list', 'patch'] })),
  });
  const routes: Record<string, unknown> = {
    '/api': { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [] },
    '/apis': {
      kind: 'APIGroupList',
      apiVersion: 'v1',
      groups: [{ name: 'apps', versions: [{ groupVersion: 'apps/v1', version: 'v1' }], preferredVersion: { groupVersion: 'apps/v1', version: 'v1' } }],
    },
    '/api/v1': resourceList('v1', [NAMESPACES]),
    '/apis/apps/v1': resourceList('apps/v1', [DEPLOYMENTS, REPLICASETS]),
    '/openapi/v3': { paths: Object.fromEntries(Object.keys(documents).map((p) => [p, { serverRelativeURL: `/openapi/v3/${p}?hash=1` }])) },
  };
  return createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const body = path.startsWith('/openapi/v3/') ? documents[path.slice('/openapi/v3/'.length)] : routes[path] && JSON.stringify(routes[path]);
    res.writeHead(body ? 200 : 404, { 'Content-Type': 'application/json' });
    res.end(body ?? JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404 }));
  });
}

function kubectl(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('kubectl', args, { timeout: 60_000 }, (error, stdout, stderr) => (error ? reject(new Error(`kubectl ${args.join(' ')}: ${stderr || error.message}`)) : resolve(stdout)));
  });
}

test('the real kubectl explains fields from the documents', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kubeling-explain-'));
  const server = explainServer();
  t.teardown(() => {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(
    kubeconfig,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'test', cluster: { server: `http://127.0.0.1:${port}` } }],
      users: [{ name: 'test', user: {} }],
      contexts: [{ name: 'test', context: { cluster: 'test', user: 'test' } }],
      'current-context': 'test',
    }),
  );
  const explain = (field: string) => kubectl(['--kubeconfig', kubeconfig, '--cache-dir', join(dir, 'cache'), 'explain', field]);

  const replicas = await explain('deployment.spec.replicas');
  t.regex(replicas, /GROUP:\s+apps\nKIND:\s+Deployment\nVERSION:\s+v1/);
  t.regex(replicas, /FIELD:\s+replicas <integer>/);
  t.regex(replicas.replace(/\s+/g, ' '), /Number of desired pods\. This is a pointer to distinguish between explicit zero and not specified\. Defaults to 1\./);

  const template = await explain('deployment.spec.template');
  t.regex(template, /FIELD:\s+template <PodTemplateSpec>/);
  t.regex(template, /spec\s+<PodSpec>/);

  const image = await explain('deployment.spec.template.spec.containers.image');
  t.regex(image, /FIELD:\s+image <string>/);
  t.regex(image.replace(/\s+/g, ' '), /Container image name\./);
});
