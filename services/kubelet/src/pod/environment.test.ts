import test from 'ava';
import type { Container } from 'kubernetes-types/core/v1.js';
import { makeEnvironmentVariables, type EnvironmentContext } from './environment.js';
import { CreateContainerConfigError, ReferencedObjectNotFoundError } from './errors.js';
import { FakeObjects, makePod } from './test-support.js';

function setup() {
  const objects = new FakeObjects();
  objects.setConfigMap('ns', 'cfg', { MODE: 'prod', LEVEL: '3', 'bad key': 'x', '1DIGIT': 'y' });
  objects.setSecret('ns', 'creds', { USER: 'admin', PASS: 's3cr3t' });
  const warnings: Array<[string, string]> = [];
  const context: EnvironmentContext = {
    objects,
    nodeName: 'node-1',
    podIPs: ['10.244.1.5'],
    hostIPs: ['192.168.0.2'],
    nodeAllocatable: { cpu: '2', memory: '1Gi' },
    onWarning: (reason, message) => warnings.push([reason, message]),
  };
  return { objects, context, warnings };
}

async function envOf(container: Partial<Container>, context: EnvironmentContext) {
  const pod = makePod({}, container);
  return Object.fromEntries(await makeEnvironmentVariables(pod, pod.spec!.containers[0], context));
}

test('values expand $(VAR) against earlier variables only, $$ escapes', async (t) => {
  const { context } = setup();
  const env = await envOf(
    {
      env: [
        { name: 'A', value: 'a' },
        { name: 'B', value: '$(A)-b' },
        { name: 'C', value: '$(D)-$(B)' },
        { name: 'D', value: 'd' },
        { name: 'E', value: '$$(A)' },
        { name: 'F' },
      ],
    },
    context,
  );
  t.deepEqual(env, { A: 'a', B: 'a-b', C: '$(D)-a-b', D: 'd', E: '$(A)', F: '' });
});

test('envFrom with prefix, env overrides it and can expand it; invalid names are skipped with a warning', async (t) => {
  const { context, warnings } = setup();
  const env = await envOf(
    {
      envFrom: [{ configMapRef: { name: 'cfg' } }, { prefix: 'DB_', secretRef: { name: 'creds' } }],
      env: [
        { name: 'MODE', value: 'dev' },
        { name: 'URL', value: '$(DB_USER)@$(LEVEL)' },
      ],
    },
    context,
  );
  t.deepEqual(env, { MODE: 'dev', LEVEL: '3', DB_USER: 'admin', DB_PASS: 's3cr3t', URL: 'admin@3' });
  t.deepEqual(warnings, [
    ['InvalidEnvironmentVariableNames', 'Keys [1DIGIT, bad key] from the EnvFrom configMap ns/cfg were skipped since they are considered invalid environment variable names.'],
  ]);
});

test('configMapKeyRef and secretKeyRef', async (t) => {
  const { context, objects } = setup();
  const env = await envOf(
    {
      env: [
        { name: 'M', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'MODE' } } },
        { name: 'L', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'LEVEL' } } },
        { name: 'P', valueFrom: { secretKeyRef: { name: 'creds', key: 'PASS' } } },
      ],
    },
    context,
  );
  t.deepEqual(env, { M: 'prod', L: '3', P: 's3cr3t' });
  t.is(objects.reads, 2, 'each referenced object is read once');
});

test('optional references that are missing are skipped', async (t) => {
  const { context } = setup();
  const env = await envOf(
    {
      envFrom: [{ configMapRef: { name: 'absent', optional: true } }, { secretRef: { name: 'absent', optional: true } }],
      env: [
        { name: 'A', valueFrom: { configMapKeyRef: { name: 'absent', key: 'k', optional: true } } },
        { name: 'B', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'nokey', optional: true } } },
        { name: 'C', valueFrom: { secretKeyRef: { name: 'creds', key: 'nokey', optional: true } } },
        { name: 'D', value: 'kept' },
      ],
    },
    context,
  );
  t.deepEqual(env, { D: 'kept' });
});

test('required references that are missing fail with the kubelet messages', async (t) => {
  const { context } = setup();
  const fails = (container: Partial<Container>) => t.throwsAsync(envOf(container, context));
  t.like(await fails({ env: [{ name: 'A', valueFrom: { configMapKeyRef: { name: 'x', key: 'k' } } }] }), { message: 'configmap "x" not found' });
  t.true((await fails({ envFrom: [{ configMapRef: { name: 'x' } }] })) instanceof ReferencedObjectNotFoundError);
  t.like(await fails({ envFrom: [{ secretRef: { name: 'y' } }] }), { message: 'secret "y" not found' });
  t.like(await fails({ env: [{ name: 'A', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'k' } } }] }), { message: "couldn't find key k in ConfigMap ns/cfg" });
  const secretKey = await fails({ env: [{ name: 'A', valueFrom: { secretKeyRef: { name: 'creds', key: 'k' } } }] });
  t.true(secretKey instanceof CreateContainerConfigError);
  t.is(secretKey.message, "couldn't find key k in Secret ns/creds");
  // An optional reference to a present object does not excuse a later required one to it.
  t.like(await fails({ env: [{ name: 'A', valueFrom: { configMapKeyRef: { name: 'x', key: 'k', optional: true } } }, { name: 'B', valueFrom: { configMapKeyRef: { name: 'x', key: 'k' } } }] }), { message: 'configmap "x" not found' });
});

test('fieldRef and resourceFieldRef', async (t) => {
  const { context } = setup();
  const env = await envOf(
    {
      resources: { requests: { cpu: '500m' }, limits: { memory: '256Mi' } },
      env: [
        { name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
        { name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
        { name: 'IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
        { name: 'HOST', valueFrom: { fieldRef: { fieldPath: 'status.hostIP' } } },
        { name: 'APP', valueFrom: { fieldRef: { fieldPath: "metadata.labels['app']" } } },
        { name: 'CPU_LIMIT', valueFrom: { resourceFieldRef: { resource: 'limits.cpu' } } },
        { name: 'CPU_REQ', valueFrom: { resourceFieldRef: { resource: 'requests.cpu', divisor: '1m' } } },
        { name: 'MEM', valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '1Mi' } } },
        { name: 'WHERE', value: '$(POD)@$(IP)' },
      ],
    },
    context,
  );
  t.deepEqual(env, { POD: 'web', NODE: 'node-1', IP: '10.244.1.5', HOST: '192.168.0.2', APP: 'web', CPU_LIMIT: '2', CPU_REQ: '500', MEM: '256', WHERE: 'web@10.244.1.5' });
});
