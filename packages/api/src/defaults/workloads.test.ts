import test from 'ava';
import { applyDefaults } from './apply-defaults.js';
import type { Obj } from './fields.js';

function defaulted(group: string, kind: string, obj: Obj): Obj {
  const copy = structuredClone(obj);
  applyDefaults(group, 'v1', kind, copy);
  return copy;
}

/** The pod template spec every workload below reads back with. */
const DEFAULTED_NGINX_SPEC = {
  containers: [
    {
      name: 'nginx',
      image: 'nginx',
      imagePullPolicy: 'Always',
      resources: {},
      terminationMessagePath: '/dev/termination-log',
      terminationMessagePolicy: 'File',
    },
  ],
  dnsPolicy: 'ClusterFirst',
  restartPolicy: 'Always',
  schedulerName: 'default-scheduler',
  securityContext: {},
  terminationGracePeriodSeconds: 30,
};

const TEMPLATE = { metadata: { creationTimestamp: null, labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx', resources: {} }] } };

test('a deployment from kubectl create deployment reads back as from Kubernetes 1.32', (t) => {
  const deployment = defaulted('apps', 'Deployment', {
    kind: 'Deployment',
    apiVersion: 'apps/v1',
    metadata: { name: 'web', creationTimestamp: null, labels: { app: 'web' } },
    spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: TEMPLATE, strategy: {} },
    status: {},
  });
  t.deepEqual(deployment, {
    kind: 'Deployment',
    apiVersion: 'apps/v1',
    metadata: { name: 'web', creationTimestamp: null, labels: { app: 'web' } },
    spec: {
      progressDeadlineSeconds: 600,
      replicas: 1,
      revisionHistoryLimit: 10,
      selector: { matchLabels: { app: 'web' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      template: { metadata: { creationTimestamp: null, labels: { app: 'web' } }, spec: DEFAULTED_NGINX_SPEC },
    },
    status: {},
  });
});

test('a Recreate deployment gets no rolling update parameters', (t) => {
  const spec = defaulted('apps', 'Deployment', { spec: { strategy: { type: 'Recreate' }, template: TEMPLATE } }).spec as Obj;
  t.deepEqual(spec.strategy, { type: 'Recreate' });
});

test('a replica set has one replica by default', (t) => {
  const spec = defaulted('apps', 'ReplicaSet', { spec: { selector: { matchLabels: { app: 'web' } }, template: TEMPLATE } }).spec as Obj;
  t.is(spec.replicas, 1);
  t.deepEqual((spec.template as Obj).spec, DEFAULTED_NGINX_SPEC);
});

test('a daemon set rolls one node at a time without surge', (t) => {
  const spec = defaulted('apps', 'DaemonSet', { spec: { selector: { matchLabels: { app: 'web' } }, template: TEMPLATE } }).spec as Obj;
  t.deepEqual(spec.updateStrategy, { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
  t.is(spec.revisionHistoryLimit, 10);
});

test('a stateful set gets its policies, a partition and claim templates as claims', (t) => {
  const spec = defaulted('apps', 'StatefulSet', {
    spec: {
      serviceName: 'web',
      selector: { matchLabels: { app: 'web' } },
      template: TEMPLATE,
      volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
    },
  }).spec as Obj;
  t.is(spec.replicas, 1);
  t.is(spec.podManagementPolicy, 'OrderedReady');
  t.deepEqual(spec.updateStrategy, { type: 'RollingUpdate', rollingUpdate: { partition: 0 } });
  t.deepEqual(spec.persistentVolumeClaimRetentionPolicy, { whenDeleted: 'Retain', whenScaled: 'Retain' });
  t.is(spec.revisionHistoryLimit, 10);
  t.deepEqual(spec.volumeClaimTemplates, [
    {
      metadata: { name: 'data' },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, volumeMode: 'Filesystem' },
      status: { phase: 'Pending' },
    },
  ]);
});

test('an explicit RollingUpdate stateful set strategy gets no rollingUpdate block', (t) => {
  const spec = defaulted('apps', 'StatefulSet', { spec: { updateStrategy: { type: 'RollingUpdate' }, template: TEMPLATE } }).spec as Obj;
  t.deepEqual(spec.updateStrategy, { type: 'RollingUpdate' });
});

test('a replication controller takes its selector and labels from the template', (t) => {
  const rc = defaulted('', 'ReplicationController', { metadata: { name: 'web' }, spec: { template: TEMPLATE } });
  t.deepEqual(rc.metadata, { name: 'web', labels: { app: 'web' } });
  t.deepEqual((rc.spec as Obj).selector, { app: 'web' });
  t.is((rc.spec as Obj).replicas, 1);
  const own = defaulted('', 'ReplicationController', { metadata: { name: 'web', labels: { tier: 'x' } }, spec: { selector: { app: 'web', v: '1' }, template: TEMPLATE } });
  t.deepEqual((own.metadata as Obj).labels, { tier: 'x' });
  t.deepEqual((own.spec as Obj).selector, { app: 'web', v: '1' });
});

test('workload values the client set are kept, and defaulting twice changes nothing more', (t) => {
  const given = {
    spec: {
      replicas: 0,
      revisionHistoryLimit: 2,
      progressDeadlineSeconds: 60,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } },
      template: TEMPLATE,
    },
  };
  const once = defaulted('apps', 'Deployment', given);
  for (const key of ['replicas', 'revisionHistoryLimit', 'progressDeadlineSeconds', 'strategy'] as const) t.deepEqual((once.spec as Obj)[key], given.spec[key], key);
  t.deepEqual(defaulted('apps', 'Deployment', once), once);
  for (const kind of ['ReplicaSet', 'DaemonSet', 'StatefulSet']) {
    const first = defaulted('apps', kind, { spec: { template: TEMPLATE } });
    t.deepEqual(defaulted('apps', kind, first), first, kind);
  }
});
