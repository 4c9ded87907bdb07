import test from 'ava';
import { PatchError } from './json-patch.js';
import { patchSchemaFor, type PatchSchema } from './patch-meta.js';
import { goFormat, strategicMergePatch } from './strategic-merge-patch.js';

const deploymentSchema = patchSchemaFor({ group: 'apps', version: 'v1', kind: 'Deployment' })!;
const podSchema = patchSchemaFor({ group: '', version: 'v1', kind: 'Pod' })!;

/** The shape of upstream's test struct (mergingList by name, mergingIntList merged, retainKeys fields). */
const upstreamSchema: PatchSchema = {
  name: 'MergeItem',
  fields: {
    mergingList: { strategy: 'merge', mergeKey: 'name' },
    mergingIntList: { strategy: 'merge' },
    retainKeysMap: { retainKeys: true },
    replacedMap: { strategy: 'replace' },
  },
};

const names = (list: unknown) => (list as { name: unknown }[]).map((item) => item.name);

function deployment() {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', annotations: { 'deployment.kubernetes.io/revision': '1' } },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: 'web' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [
            {
              name: 'nginx',
              image: 'nginx:1.27',
              ports: [{ containerPort: 80, protocol: 'TCP' }],
              env: [
                { name: 'A', value: '1' },
                { name: 'B', value: '2' },
              ],
            },
          ],
          tolerations: [{ key: 'k', operator: 'Exists' }],
        },
      },
    },
  };
}

const containerOf = (result: Record<string, any>) => result.spec.template.spec.containers[0];

test('the apply update patch kubectl sends merges containers by name', (t) => {
  const patch = {
    metadata: { annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"kind":"Deployment"}\n' } },
    spec: {
      replicas: 3,
      template: {
        spec: { '$setElementOrder/containers': [{ name: 'nginx' }], containers: [{ image: 'nginx:1.28', name: 'nginx' }] },
      },
    },
  };
  const original = deployment();
  const result = strategicMergePatch(original, patch, deploymentSchema) as Record<string, any>;
  t.is(result.spec.replicas, 3);
  t.deepEqual(containerOf(result), { ...deployment().spec.template.spec.containers[0], image: 'nginx:1.28' });
  t.deepEqual(result.metadata.annotations, {
    'deployment.kubernetes.io/revision': '1',
    'kubectl.kubernetes.io/last-applied-configuration': '{"kind":"Deployment"}\n',
  });
  t.deepEqual(original, deployment(), 'the original is not mutated');
  t.false(JSON.stringify(result).includes('$setElementOrder'));
});

test('$retainKeys on strategy switching to Recreate clears rollingUpdate', (t) => {
  const patch = { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } } };
  const result = strategicMergePatch(deployment(), patch, deploymentSchema) as Record<string, any>;
  t.deepEqual(result.spec.strategy, { type: 'Recreate' });
});

test('$retainKeys must list every field the patch sets', (t) => {
  const patch = { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate', rollingUpdate: { maxSurge: 1 } } } };
  const error = t.throws(() => strategicMergePatch(deployment(), patch, deploymentSchema), { instanceOf: PatchError });
  t.is(error?.message, 'invalid patch format of retainKeys');
  t.is(error?.code, 400);
  t.is(error?.reason, 'BadRequest');
});

test('$retainKeys on a field the original lacks is not stored', (t) => {
  const original = deployment() as Record<string, any>;
  delete original.spec.strategy;
  const patch = { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } } };
  const result = strategicMergePatch(original, patch, deploymentSchema) as Record<string, any>;
  t.deepEqual(result.spec.strategy, { type: 'Recreate' });
});

test('null deletes a field: ports:null inside a merged container', (t) => {
  const patch = {
    spec: {
      template: {
        spec: { '$setElementOrder/containers': [{ name: 'nginx' }], containers: [{ name: 'nginx', ports: null }] },
      },
    },
  };
  const result = strategicMergePatch(deployment(), patch, deploymentSchema) as Record<string, any>;
  t.false('ports' in containerOf(result));
  t.is(containerOf(result).image, 'nginx:1.27');
});

test('cordon and uncordon: a scalar set, then deleted with null', (t) => {
  const node = { kind: 'Node', metadata: { name: 'n1' }, spec: { podCIDR: '10.244.1.0/24' } };
  const schema = patchSchemaFor({ group: '', version: 'v1', kind: 'Node' })!;
  const cordoned = strategicMergePatch(node, { spec: { unschedulable: true } }, schema) as Record<string, any>;
  t.true(cordoned.spec.unschedulable);
  const uncordoned = strategicMergePatch(cordoned, { spec: { unschedulable: null } }, schema) as Record<string, any>;
  t.deepEqual(uncordoned.spec, { podCIDR: '10.244.1.0/24' });
});

test('env merges by name and ports by containerPort; a new item goes where the patch puts it', (t) => {
  const patch = {
    spec: {
      template: {
        spec: {
          containers: [
            {
              name: 'nginx',
              env: [{ name: 'B', value: 'changed' }, { name: 'C', value: '3' }],
              ports: [{ containerPort: 443 }],
            },
          ],
        },
      },
    },
  };
  const result = strategicMergePatch(deployment(), patch, deploymentSchema) as Record<string, any>;
  t.deepEqual(containerOf(result).env, [
    { name: 'A', value: '1' },
    { name: 'B', value: 'changed' },
    { name: 'C', value: '3' },
  ]);
  t.deepEqual(containerOf(result).ports, [{ containerPort: 443 }, { containerPort: 80, protocol: 'TCP' }]);
});

test('a list without a patch strategy (tolerations) is replaced whole', (t) => {
  const patch = { spec: { template: { spec: { tolerations: [{ key: 'other', operator: 'Exists' }] } } } };
  const result = strategicMergePatch(deployment(), patch, deploymentSchema) as Record<string, any>;
  t.deepEqual(result.spec.template.spec.tolerations, [{ key: 'other', operator: 'Exists' }]);
});

test('$patch: delete removes a list item by merge key', (t) => {
  const patch = { spec: { template: { spec: { containers: [{ name: 'nginx', env: [{ name: 'A', $patch: 'delete' }] }] } } } };
  const result = strategicMergePatch(deployment(), patch, deploymentSchema) as Record<string, any>;
  t.deepEqual(containerOf(result).env, [{ name: 'B', value: '2' }]);
});

test('$patch: replace on a list replaces it with the other items', (t) => {
  const patch = {
    spec: { template: { spec: { containers: [{ name: 'nginx', env: [{ $patch: 'replace' }, { name: 'Z', value: '9' }] }] } } },
  };
  const result = strategicMergePatch(deployment(), patch, deploymentSchema) as Record<string, any>;
  t.deepEqual(containerOf(result).env, [{ name: 'Z', value: '9' }]);
});

test('$patch: replace and delete on a map', (t) => {
  const replaced = strategicMergePatch(
    deployment(),
    { spec: { strategy: { $patch: 'replace', type: 'Recreate' } } },
    deploymentSchema,
  ) as Record<string, any>;
  t.deepEqual(replaced.spec.strategy, { type: 'Recreate' });
  const deleted = strategicMergePatch(deployment(), { spec: { strategy: { $patch: 'delete' } } }, deploymentSchema);
  t.deepEqual((deleted as Record<string, any>).spec.strategy, {});
});

test('$patch: merge is rejected as upstream does', (t) => {
  const onMap = t.throws(() => strategicMergePatch(deployment(), { spec: { strategy: { $patch: 'merge' } } }, deploymentSchema));
  t.is(onMap?.message, 'unknown patch type: merge in map: map[$patch:merge]');
  t.is((onMap as PatchError).code, 500);
  const inList = t.throws(() =>
    strategicMergePatch(
      deployment(),
      { spec: { template: { spec: { containers: [{ name: 'nginx', $patch: 'merge' }] } } } },
      deploymentSchema,
    ),
  );
  t.is(inList?.message, 'merging lists cannot yet be specified in the patch');
});

test('a list item without its merge key fails with the upstream message', (t) => {
  const patch = { spec: { template: { spec: { containers: [{ image: 'busybox' }] } } } };
  const error = t.throws(() => strategicMergePatch(deployment(), patch, deploymentSchema));
  t.is(error?.message, 'map: map[image:busybox] does not contain declared merge key: name');
  t.is((error as PatchError).code, 500);
});

test('finalizers merge as a primitive list; $deleteFromPrimitiveList removes items', (t) => {
  const pod = { metadata: { name: 'p', finalizers: ['a', 'b'] } };
  const added = strategicMergePatch(pod, { metadata: { finalizers: ['c'] } }, podSchema) as Record<string, any>;
  t.deepEqual(added.metadata.finalizers, ['c', 'a', 'b']);
  const removed = strategicMergePatch(pod, { metadata: { '$deleteFromPrimitiveList/finalizers': ['a'] } }, podSchema);
  t.deepEqual((removed as Record<string, any>).metadata.finalizers, ['b']);
  const ordered = strategicMergePatch(
    pod,
    { metadata: { '$setElementOrder/finalizers': ['b', 'c'], '$deleteFromPrimitiveList/finalizers': ['a'], finalizers: ['c'] } },
    podSchema,
  );
  t.deepEqual((ordered as Record<string, any>).metadata.finalizers, ['b', 'c']);
});

test('volumes merge by name and labels merge as a map', (t) => {
  const pod = {
    metadata: { labels: { a: '1', b: '2' } },
    spec: { volumes: [{ name: 'data', emptyDir: {} }, { name: 'cfg', configMap: { name: 'c' } }] },
  };
  const patch = {
    metadata: { labels: { b: null, c: '3' } },
    spec: { volumes: [{ $retainKeys: ['name', 'secret'], name: 'data', secret: { secretName: 's' } }] },
  };
  const result = strategicMergePatch(pod, patch, podSchema) as Record<string, any>;
  t.deepEqual(result.metadata.labels, { a: '1', c: '3' });
  t.deepEqual(result.spec.volumes, [{ name: 'data', secret: { secretName: 's' } }, { name: 'cfg', configMap: { name: 'c' } }]);
});

test('preserves the order from the patch in a merging list (upstream cases)', (t) => {
  const original = { mergingList: [{ name: 1 }, { name: 2, value: 'b' }, { name: 3 }] };
  const all = strategicMergePatch(
    original,
    { mergingList: [{ name: 3, value: 'c' }, { name: 1, value: 'a' }, { name: 2, other: 'x' }] },
    upstreamSchema,
  );
  t.deepEqual(all.mergingList, [
    { name: 3, value: 'c' },
    { name: 1, value: 'a' },
    { name: 2, value: 'b', other: 'x' },
  ]);
  const some = strategicMergePatch(original, { mergingList: [{ name: 3, value: 'c' }, { name: 1, value: 'a' }] }, upstreamSchema);
  t.deepEqual(names(some.mergingList), [2, 3, 1]);
  const ints = strategicMergePatch({ mergingIntList: [1, 2, 3] }, { mergingIntList: [3, 1] }, upstreamSchema);
  t.deepEqual(ints.mergingIntList, [2, 3, 1]);
});

test('$setElementOrder orders the merged list and may name items the list lacks', (t) => {
  const result = strategicMergePatch(
    { mergingList: [{ name: 1 }, { name: 3 }] },
    {
      '$setElementOrder/mergingList': [{ name: 3 }, { name: 2 }, { name: 1 }],
      mergingList: [{ name: 3, value: 3 }, { name: 1, value: 1 }],
    },
    upstreamSchema,
  );
  t.deepEqual(result.mergingList, [{ name: 3, value: 3 }, { name: 1, value: 1 }]);
  const reordered = strategicMergePatch(
    { mergingIntList: [1, 3] },
    { '$setElementOrder/mergingIntList': [3, 2, 1] },
    upstreamSchema,
  );
  t.deepEqual(reordered.mergingIntList, [3, 1]);
});

test('$setElementOrder must agree with the order of the patch list', (t) => {
  const error = t.throws(() =>
    strategicMergePatch(
      { mergingList: [{ name: 1 }, { name: 3 }, { name: 2 }] },
      {
        '$setElementOrder/mergingList': [{ name: 1 }, { name: 2 }, { name: 3 }],
        mergingList: [{ name: 3, value: 3 }, { name: 1, value: 1 }],
      },
      upstreamSchema,
    ),
  );
  t.is(
    error?.message,
    "The order in patch list:\n[map[name:3 value:3] map[name:1 value:1]]\n doesn't match $setElementOrder list:\n[map[name:1] map[name:2] map[name:3]]\n",
  );
});

test('$deleteFromPrimitiveList leaves absent lists and items alone', (t) => {
  t.deepEqual(strategicMergePatch({ mergingIntList: [1, 2] }, { '$deleteFromPrimitiveList/mergingIntList': [3] }, upstreamSchema), {
    mergingIntList: [1, 2],
  });
  t.deepEqual(strategicMergePatch({ foo: ['bar'] }, { '$deleteFromPrimitiveList/mergingIntList': [3] }, upstreamSchema), {
    foo: ['bar'],
  });
});

test('malformed directives are 400s with mergepatch messages', (t) => {
  const cases: [Record<string, unknown>, string][] = [
    [{ retainKeysMap: { $retainKeys: 'name' } }, 'invalid patch format of retainKeys'],
    [{ '$setElementOrderX/mergingList': [] }, 'invalid patch format of setElementOrder list'],
    [{ '$deleteFromPrimitiveList': [1] }, 'invalid patch format of primitive list'],
  ];
  for (const [patch, message] of cases) {
    const error = t.throws(() => strategicMergePatch({ retainKeysMap: {}, mergingList: [] }, patch, upstreamSchema));
    t.is(error?.message, message);
    t.is((error as PatchError).code, 400);
  }
});

test('lists of lists are 422s', (t) => {
  const error = t.throws(() => strategicMergePatch({ mergingIntList: [[1]] }, { mergingIntList: [[2]] }, upstreamSchema));
  t.is(error?.message, 'lists of lists are not supported');
  t.is((error as PatchError).code, 422);
});

test('the replace strategy replaces a map whole; new values lose nulls and directive maps', (t) => {
  const replaced = strategicMergePatch({ replacedMap: { a: 1, b: 2 } }, { replacedMap: { c: 3 } }, upstreamSchema);
  t.deepEqual(replaced.replacedMap, { c: 3 });
  const added = strategicMergePatch({}, { fresh: { a: null, b: { $patch: 'delete' }, c: [{ $patch: 'delete' }, 1] } }, upstreamSchema);
  t.deepEqual(added, { fresh: { c: [1] } });
});

test('a patch that is not an object is rejected like the apiserver decoder does', (t) => {
  const error = t.throws(() => strategicMergePatch({}, [1], upstreamSchema));
  t.is(error?.message, 'json: cannot unmarshal array into Go value of type map[string]interface {}');
  t.is((error as PatchError).code, 400);
});

test('goFormat prints values as Go prints them with %v', (t) => {
  t.is(goFormat({ b: [1, 'x', true, null], a: 1.5, c: 1e-7 }), 'map[a:1.5 b:[1 x true <nil>] c:1e-07]');
});
