import test from 'ava';
import type { DaemonSet, Deployment, DeploymentSpec, ReplicaSet, StatefulSet } from 'kubernetes-types/apps/v1.js';
import type { PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import { validateDaemonSet, validateDeployment, validateDeploymentUpdate, validateReplicaSet, validateStatefulSet, validateStatefulSetUpdate } from './workloads.js';

const template = (restartPolicy = 'Always', labels: Record<string, string> = { app: 'web' }): PodTemplateSpec => ({
  metadata: { labels },
  spec: {
    containers: [{ name: 'web', image: 'nginx', imagePullPolicy: 'IfNotPresent', terminationMessagePolicy: 'File' }],
    restartPolicy,
    dnsPolicy: 'ClusterFirst',
    terminationGracePeriodSeconds: 30,
  },
});
const deployment = (overrides: Partial<DeploymentSpec> = {}): Deployment => ({
  metadata: { name: 'web' },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: 'web' } },
    template: template(),
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
    revisionHistoryLimit: 10,
    progressDeadlineSeconds: 600,
    ...overrides,
  },
});
const messages = (errors: readonly unknown[]): string[] => errors.map(String);

test('a defaulted deployment is valid', (t) => {
  t.deepEqual(validateDeployment(deployment()), []);
});

test('selector required, non-empty, matching the template', (t) => {
  t.deepEqual(messages(validateDeployment(deployment({ selector: undefined as never }))), [
    'spec.selector: Required value',
    'spec.template.metadata.labels: Invalid value: {"app":"web"}: `selector` does not match template `labels`',
  ]);
  t.deepEqual(messages(validateDeployment(deployment({ selector: {} }))), ['spec.selector: Invalid value: {}: empty selector is invalid for deployment']);
  t.deepEqual(messages(validateDeployment(deployment({ selector: { matchLabels: { app: 'db' } } }))), [
    'spec.template.metadata.labels: Invalid value: {"app":"web"}: `selector` does not match template `labels`',
  ]);
});

test('the template is validated as a pod spec whose pods run forever', (t) => {
  t.deepEqual(messages(validateDeployment(deployment({ template: template('Never') }))), ['spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"']);
  const noImage = template();
  noImage.spec!.containers[0].image = '';
  t.deepEqual(messages(validateDeployment(deployment({ template: noImage }))), ['spec.template.spec.containers[0].image: Required value']);
});

test('replicas, strategy and deadlines', (t) => {
  t.deepEqual(
    messages(
      validateDeployment(
        deployment({ replicas: -1, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: '0%' } }, minReadySeconds: 600, revisionHistoryLimit: -2 }),
      ),
    ),
    [
      'spec.replicas: Invalid value: -1: must be greater than or equal to 0',
      'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: "0%": may not be 0 when `maxSurge` is 0',
      'spec.revisionHistoryLimit: Invalid value: -2: must be greater than or equal to 0',
      'spec.progressDeadlineSeconds: Invalid value: 600: must be greater than minReadySeconds',
    ],
  );
  t.deepEqual(messages(validateDeployment(deployment({ strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 'x', maxUnavailable: '150%' } } }))), [
    `spec.strategy.rollingUpdate.maxSurge: Invalid value: "x": a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')`,
    'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: "150%": must not be greater than 100%',
  ]);
});

test('the selector is immutable in apps/v1', (t) => {
  const changed = deployment({ selector: { matchLabels: { app: 'web', tier: 'x' } }, template: template('Always', { app: 'web', tier: 'x' }) });
  t.deepEqual(messages(validateDeploymentUpdate(changed, deployment())), ['spec.selector: Invalid value: {"matchLabels":{"app":"web","tier":"x"}}: field is immutable']);
  t.deepEqual(validateDeploymentUpdate(deployment({ replicas: 5 }), deployment()), []);
});

test('replica sets and daemon sets', (t) => {
  const replicaSet: ReplicaSet = { spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: { ...template(), spec: { ...template().spec!, activeDeadlineSeconds: 5 } } } };
  t.deepEqual(messages(validateReplicaSet(replicaSet)), ['spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in ReplicaSet is not Supported']);
  const daemonSet: DaemonSet = { spec: { selector: { matchLabels: { app: 'web' } }, template: template(), updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } } } };
  t.deepEqual(validateDaemonSet(daemonSet), []);
  t.deepEqual(messages(validateDaemonSet({ spec: { ...daemonSet.spec!, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 0 } } } })), [
    'spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0',
  ]);
});

test('stateful sets: policies, and only some fields change', (t) => {
  const statefulSet: StatefulSet = {
    spec: { serviceName: 'web', replicas: 1, selector: { matchLabels: { app: 'web' } }, template: template(), podManagementPolicy: 'OrderedReady', updateStrategy: { type: 'RollingUpdate' } },
  };
  t.deepEqual(validateStatefulSet(statefulSet), []);
  t.deepEqual(messages(validateStatefulSet({ spec: { ...statefulSet.spec!, podManagementPolicy: 'Random' } })), [
    `spec.podManagementPolicy: Invalid value: "Random": must be 'OrderedReady' or 'Parallel'`,
  ]);
  t.deepEqual(validateStatefulSetUpdate({ spec: { ...statefulSet.spec!, replicas: 3 } }, statefulSet), []);
  t.deepEqual(messages(validateStatefulSetUpdate({ spec: { ...statefulSet.spec!, serviceName: 'other' } }, statefulSet)), [
    "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
  ]);
});
