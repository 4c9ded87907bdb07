import test from 'ava';
import { patchMetaAt, patchSchemaFor, type PatchSchema } from './patch-meta.js';

const schemaOf = (group: string, version: string, kind: string): PatchSchema => {
  const schema = patchSchemaFor({ group, version, kind });
  if (!schema) throw new Error(`no schema for ${group}/${version}/${kind}`);
  return schema;
};

const at = (schema: PatchSchema, path: string) => patchMetaAt(schema, path.split('.'));
const strategyOf = (schema: PatchSchema, path: string) => {
  const { strategy, mergeKey, retainKeys } = at(schema, path);
  return { strategy, mergeKey, retainKeys };
};

test('pod spec lists carry the k8s.io/api tags', (t) => {
  const pod = schemaOf('', 'v1', 'Pod');
  const merge = (mergeKey?: string, retainKeys?: boolean) => ({ strategy: 'merge', mergeKey, retainKeys });
  t.deepEqual(strategyOf(pod, 'spec.containers'), merge('name'));
  t.deepEqual(strategyOf(pod, 'spec.initContainers'), merge('name'));
  t.deepEqual(strategyOf(pod, 'spec.ephemeralContainers'), merge('name'));
  t.deepEqual(strategyOf(pod, 'spec.containers.env'), merge('name'));
  t.deepEqual(strategyOf(pod, 'spec.containers.ports'), merge('containerPort'));
  t.deepEqual(strategyOf(pod, 'spec.initContainers.volumeMounts'), merge('mountPath'));
  t.deepEqual(strategyOf(pod, 'spec.containers.volumeDevices'), merge('devicePath'));
  t.deepEqual(strategyOf(pod, 'spec.volumes'), merge('name', true));
  t.deepEqual(strategyOf(pod, 'spec.resourceClaims'), merge('name', true));
  t.deepEqual(strategyOf(pod, 'spec.imagePullSecrets'), merge('name'));
  t.deepEqual(strategyOf(pod, 'spec.hostAliases'), merge('ip'));
  t.deepEqual(strategyOf(pod, 'spec.topologySpreadConstraints'), merge('topologyKey'));
  t.deepEqual(strategyOf(pod, 'status.conditions'), merge('type'));
  t.deepEqual(strategyOf(pod, 'metadata.finalizers'), merge());
  t.deepEqual(strategyOf(pod, 'metadata.ownerReferences'), merge('uid'));
});

test('untagged fields have no strategy, so their lists are replaced', (t) => {
  const pod = schemaOf('', 'v1', 'Pod');
  t.deepEqual(at(pod, 'spec.tolerations'), {});
  t.deepEqual(at(pod, 'spec.containers.command'), {});
  t.deepEqual(at(schemaOf('', 'v1', 'Node'), 'spec.taints'), {});
});

test('workload templates lead to the pod spec', (t) => {
  for (const [group, kind, template] of [
    ['apps', 'Deployment', 'spec.template'],
    ['apps', 'ReplicaSet', 'spec.template'],
    ['apps', 'StatefulSet', 'spec.template'],
    ['apps', 'DaemonSet', 'spec.template'],
    ['batch', 'Job', 'spec.template'],
    ['batch', 'CronJob', 'spec.jobTemplate.spec.template'],
    ['', 'ReplicationController', 'spec.template'],
    ['', 'PodTemplate', 'template'],
  ]) {
    const schema = schemaOf(group, 'v1', kind);
    t.is(at(schema, `${template}.spec.containers.env`).mergeKey, 'name', kind);
    t.true(at(schema, `${template}.metadata.labels`).schema?.isMap, kind);
  }
  t.deepEqual(at(schemaOf('apps', 'v1', 'Deployment'), 'spec.strategy'), { retainKeys: true });
  t.is(at(schemaOf('apps', 'v1', 'StatefulSet'), 'status.conditions').mergeKey, 'type');
});

test('service ports merge by port; node podCIDRs, conditions and addresses merge', (t) => {
  t.is(at(schemaOf('', 'v1', 'Service'), 'spec.ports').mergeKey, 'port');
  const node = schemaOf('', 'v1', 'Node');
  t.is(at(node, 'spec.podCIDRs').strategy, 'merge');
  t.is(at(node, 'status.addresses').mergeKey, 'type');
  t.is(at(node, 'status.conditions').mergeKey, 'type');
});

test('maps are marked as maps', (t) => {
  t.true(at(schemaOf('', 'v1', 'ConfigMap'), 'data').schema?.isMap);
  t.true(at(schemaOf('', 'v1', 'Secret'), 'data').schema?.isMap);
  t.true(at(schemaOf('', 'v1', 'Secret'), 'stringData').schema?.isMap);
  t.true(at(schemaOf('', 'v1', 'Pod'), 'metadata.annotations').schema?.isMap);
  t.falsy(at(schemaOf('', 'v1', 'Pod'), 'spec').schema?.isMap);
});

test('PodDisruptionBudget selector is replaced; built-in kinds without tags still have a schema', (t) => {
  t.is(at(schemaOf('policy', 'v1', 'PodDisruptionBudget'), 'spec.selector').strategy, 'replace');
  t.truthy(patchSchemaFor({ group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'Role' }));
  t.truthy(patchSchemaFor({ group: 'coordination.k8s.io', version: 'v1', kind: 'Lease' }));
  t.is(patchSchemaFor({ group: 'example.com', version: 'v1', kind: 'Widget' }), undefined);
  t.is(patchSchemaFor({ group: 'apps', version: 'v1', kind: 'Pod' }), undefined);
});
