// The generated k8s-schemas.json (packages/proto/scripts/gen-k8s-schemas.ts) as the loader serves it.
import test from 'ava';
import { schemaForKind, typeSchemas, type Schema } from './type-schemas.js';

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';

function definition(name: string): Schema {
  const schema = typeSchemas().definitions[name];
  if (!schema) throw new Error(`no definition ${name}`);
  return schema;
}

function property(type: string, field: string): Schema {
  const schema = definition(type).properties?.[field];
  if (!schema) throw new Error(`${type} has no property ${field}`);
  return schema;
}

test('kinds are found by group/version/kind under upstream definition names', (t) => {
  const deployment = schemaForKind('apps', 'v1', 'Deployment');
  t.is(deployment?.name, 'io.k8s.api.apps.v1.Deployment');
  t.deepEqual(deployment?.schema['x-kubernetes-group-version-kind'], [{ group: 'apps', kind: 'Deployment', version: 'v1' }]);
  t.is(schemaForKind('', 'v1', 'Pod')?.name, 'io.k8s.api.core.v1.Pod');
  t.is(schemaForKind('rbac.authorization.k8s.io', 'v1', 'ClusterRole')?.name, 'io.k8s.api.rbac.v1.ClusterRole');
  t.is(schemaForKind('apiextensions.k8s.io', 'v1', 'CustomResourceDefinition')?.name, 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition');
  t.is(schemaForKind('apps', 'v1', 'Pod'), undefined);
  t.is(schemaForKind('example.com', 'v1', 'Widget'), undefined);
});

test('a kind has its description and its fields, nested types by reference with the field description beside it', (t) => {
  const deployment = definition('io.k8s.api.apps.v1.Deployment');
  t.is(deployment.description, 'Deployment enables declarative updates for Pods and ReplicaSets.');
  t.is(deployment.type, 'object');
  t.deepEqual(property('io.k8s.api.apps.v1.Deployment', 'spec'), {
    allOf: [{ $ref: '#/components/schemas/io.k8s.api.apps.v1.DeploymentSpec' }],
    description: 'Specification of the desired behavior of the Deployment.',
  });
  t.deepEqual(property('io.k8s.api.apps.v1.Deployment', 'metadata').allOf, [{ $ref: `#/components/schemas/${META}.ObjectMeta` }]);
});

test('integer, string and required fields carry the upstream descriptions', (t) => {
  t.deepEqual(property('io.k8s.api.apps.v1.DeploymentSpec', 'replicas'), {
    description: 'Number of desired pods. This is a pointer to distinguish between explicit zero and not specified. Defaults to 1.',
    type: 'integer',
  });
  t.deepEqual(definition('io.k8s.api.apps.v1.DeploymentSpec').required, ['selector', 'template']);
  const image = property('io.k8s.api.core.v1.Container', 'image');
  t.is(image.type, 'string');
  t.true(image.description?.startsWith('Container image name. More info: https://kubernetes.io/docs/concepts/containers/images'));
  t.deepEqual(definition('io.k8s.api.core.v1.Container').required, ['name']);
});

test('lists and string maps', (t) => {
  t.deepEqual(property('io.k8s.api.core.v1.PodSpec', 'containers').items, { $ref: '#/components/schemas/io.k8s.api.core.v1.Container' });
  t.is(property('io.k8s.api.core.v1.PodSpec', 'containers').type, 'array');
  t.deepEqual(property('io.k8s.api.core.v1.Container', 'args').items, { type: 'string' });
  const labels = property(`${META}.ObjectMeta`, 'labels');
  t.is(labels.type, 'object');
  t.deepEqual(labels.additionalProperties, { type: 'string' });
  t.true(labels.description?.startsWith('Map of string keys and values'));
});

test('multi-paragraph descriptions keep their blank lines', (t) => {
  t.regex(property(`${META}.ObjectMeta`, 'namespace').description ?? '', /^Namespace defines .*\n\nMust be a DNS_LABEL\./s);
});

test('Quantity, IntOrString, Time and RawExtension have upstream OpenAPI v3 forms', (t) => {
  t.like(definition('io.k8s.apimachinery.pkg.api.resource.Quantity'), { oneOf: [{ type: 'string' }, { type: 'number' }] });
  t.like(definition('io.k8s.apimachinery.pkg.util.intstr.IntOrString'), { format: 'int-or-string', oneOf: [{ type: 'integer' }, { type: 'string' }] });
  t.like(definition(`${META}.Time`), { type: 'string', format: 'date-time' });
  t.like(definition(`${META}.MicroTime`), { type: 'string', format: 'date-time' });
  const raw = definition('io.k8s.apimachinery.pkg.runtime.RawExtension');
  t.is(raw.type, 'object');
  t.is(raw.properties, undefined);

  t.deepEqual(property('io.k8s.api.core.v1.ResourceRequirements', 'limits').additionalProperties, {
    $ref: '#/components/schemas/io.k8s.apimachinery.pkg.api.resource.Quantity',
  });
  t.deepEqual(property('io.k8s.api.apps.v1.RollingUpdateDeployment', 'maxSurge').allOf, [
    { $ref: '#/components/schemas/io.k8s.apimachinery.pkg.util.intstr.IntOrString' },
  ]);
  t.deepEqual(property(`${META}.ObjectMeta`, 'creationTimestamp').allOf, [{ $ref: `#/components/schemas/${META}.Time` }]);
  t.like(property('io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps', 'maximum'), { type: 'number', format: 'double' });
});

test('every reference points at a definition', (t) => {
  const refs = JSON.stringify(typeSchemas().definitions).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g);
  const dangling = [...refs].map((m) => m[1]).filter((name) => !typeSchemas().definitions[name]);
  t.deepEqual(dangling, []);
});

test('resolve follows a reference, written directly or through allOf', (t) => {
  const types = typeSchemas();
  t.is(types.resolve(property('io.k8s.api.apps.v1.Deployment', 'spec')), definition('io.k8s.api.apps.v1.DeploymentSpec'));
  t.is(types.resolve({ $ref: '#/components/schemas/io.k8s.api.core.v1.Container' }), definition('io.k8s.api.core.v1.Container'));
  const plain: Schema = { type: 'string' };
  t.is(types.resolve(plain), plain);
  t.throws(() => types.resolve({ $ref: '#/components/schemas/io.k8s.api.apps.v1.Nope' }), { message: /unknown definition io\.k8s\.api\.apps\.v1\.Nope/ });
});
