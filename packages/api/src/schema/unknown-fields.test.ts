import test from 'ava';
import { schemaForKind, type KindSchema } from './type-schemas.js';
import { strictDecodingMessage, unknownFieldMessage, unknownFields } from './unknown-fields.js';

function kind(group: string, version: string, name: string): KindSchema {
  const schema = schemaForKind(group, version, name);
  if (!schema) throw new Error(`no schema for ${group}/${version} ${name}`);
  return schema;
}

const deploymentSchema = () => kind('apps', 'v1', 'Deployment');

function deployment(container: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', labels: { app: 'web', 'example.com/any-key': 'x' }, annotations: { note: 'free text' } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 1 } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [
            { name: 'sidecar', image: 'busybox' },
            { name: 'web', image: 'nginx', resources: { limits: { cpu: '500m', 'example.com/gpu': 1 } }, ...container },
          ],
        },
      },
    },
  };
}

test('a valid object has no unknown fields', (t) => {
  t.deepEqual(unknownFields(deployment(), deploymentSchema()), []);
});

test('a misspelt field deep in a list is named with its index, as upstream prints it', (t) => {
  t.deepEqual(unknownFields(deployment({ imagee: 'nginx:1' }), deploymentSchema()), ['spec.template.spec.containers[1].imagee']);
});

test('several unknown fields come in document order, an unknown object once', (t) => {
  const obj: Record<string, unknown> = { topLevelBogus: 1, ...deployment({ extra: { nested: true } }) };
  (obj.metadata as Record<string, unknown>).bogus = 'x';
  const paths = unknownFields(obj, deploymentSchema());
  t.deepEqual(paths, ['topLevelBogus', 'metadata.bogus', 'spec.template.spec.containers[1].extra']);
  t.is(
    strictDecodingMessage(paths),
    'strict decoding error: unknown field "topLevelBogus", unknown field "metadata.bogus", unknown field "spec.template.spec.containers[1].extra"',
  );
});

test('free-form values hold anything: string maps, RawExtension, FieldsV1', (t) => {
  const revision = {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name: 'r1',
      managedFields: [{ manager: 'kubectl', operation: 'Update', fieldsV1: { 'f:spec': { 'f:replicas': {} } } }],
    },
    revision: 1,
    data: { spec: { anything: { at: ['all'] } } },
  };
  t.deepEqual(unknownFields(revision, kind('apps', 'v1', 'ControllerRevision')), []);
  const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { 'any.key': 'v' }, binaryData: { b: 'AA==' } };
  t.deepEqual(unknownFields(configMap, kind('', 'v1', 'ConfigMap')), []);
});

test('managedFields entries are structs: their own unknown fields count', (t) => {
  const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', managedFields: [{ manager: 'm', managr: 'typo' }] } };
  t.deepEqual(unknownFields(cm, kind('', 'v1', 'ConfigMap')), ['metadata.managedFields[0].managr']);
});

test('map values of a struct type are checked, the key joined with a dot', (t) => {
  const crd = {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'widgets.example.com' },
    spec: {
      group: 'example.com',
      names: { kind: 'Widget', plural: 'widgets' },
      scope: 'Namespaced',
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: { openAPIV3Schema: { type: 'object', properties: { size: { type: 'integer', maximum: 1.5, typo: true }, free: { default: { x: 1 } } } } },
        },
      ],
    },
  };
  t.deepEqual(unknownFields(crd, kind('apiextensions.k8s.io', 'v1', 'CustomResourceDefinition')), [
    'spec.versions[0].schema.openAPIV3Schema.properties.size.typo',
  ]);
});

test('nulls and values of the wrong shape are left to decoding, not reported', (t) => {
  const obj = deployment();
  (obj.spec as Record<string, unknown>).strategy = null;
  (obj.metadata as Record<string, unknown>).labels = 'not a map';
  t.deepEqual(unknownFields(obj, deploymentSchema()), []);
});

test("keys named like Object.prototype's members are unknown too", (t) => {
  const obj = JSON.parse('{"apiVersion":"apps/v1","kind":"Deployment","constructor":1,"__proto__":{"x":1},"spec":{"toString":2}}');
  t.deepEqual(unknownFields(obj, deploymentSchema()), ['constructor', '__proto__', 'spec.toString']);
});

test('at most 100 unknown fields are reported, as upstream collects', (t) => {
  const obj: Record<string, unknown> = { apiVersion: 'apps/v1', kind: 'Deployment' };
  for (let i = 0; i < 150; i++) obj[`bogus${i}`] = i;
  const paths = unknownFields(obj, deploymentSchema());
  t.is(paths.length, 100);
  t.is(paths[99], 'bogus99');
});

test('a single unknown field message quotes the path as Go does', (t) => {
  t.is(unknownFieldMessage('x'), 'unknown field "x"');
  t.is(unknownFieldMessage('a"b'), 'unknown field "a\\"b"');
  t.is(strictDecodingMessage(['topLevelBogus']), 'strict decoding error: unknown field "topLevelBogus"');
});
