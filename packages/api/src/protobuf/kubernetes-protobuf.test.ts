import test from 'ava';
import { ProtobufDecodeError } from './errors.js';
import { decodeKubernetesProtobuf, encodeKubernetesProtobuf, PROTOBUF_MAGIC } from './kubernetes-protobuf.js';

type Json = Record<string, unknown>;

const meta = (name: string, extra: Json = {}): Json => ({ name, creationTimestamp: '2024-05-06T07:08:09Z', ...extra });

const POD_TEMPLATE: Json = {
  metadata: { creationTimestamp: null, labels: { app: 'web' } },
  spec: {
    volumes: [{ name: 'config', configMap: { name: 'web-config', defaultMode: 420 } }],
    containers: [
      {
        name: 'web',
        image: 'nginx:1.27',
        command: ['nginx'],
        ports: [{ containerPort: 80, protocol: 'TCP' }],
        env: [{ name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
        resources: { limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: '100m' } },
        volumeMounts: [{ name: 'config', mountPath: '/etc/nginx' }],
        readinessProbe: { httpGet: { path: '/', port: 'http' }, periodSeconds: 5 },
        imagePullPolicy: 'IfNotPresent',
        securityContext: { runAsNonRoot: false, runAsUser: 0 },
      },
    ],
    restartPolicy: 'Always',
    terminationGracePeriodSeconds: 0,
    automountServiceAccountToken: false,
  },
};

// One object per kind kubectl sends as protobuf; each must survive encode → decode unchanged.
const OBJECTS: Array<[string, string, Json]> = [
  ['v1', 'ConfigMap', { metadata: meta('c', { namespace: 'default', annotations: { a: 'b' } }), data: { k: 'v' }, immutable: false }],
  ['v1', 'Secret', { metadata: meta('s'), type: 'Opaque', data: { bin: Buffer.from([0, 255, 1]).toString('base64') }, stringData: { s: 't' } }],
  ['v1', 'Namespace', { metadata: meta('ns1', { labels: { team: 'a' } }), spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } }],
  ['v1', 'ServiceAccount', { metadata: meta('sa'), secrets: [{ name: 'tok' }], automountServiceAccountToken: false }],
  [
    'v1',
    'Service',
    {
      metadata: meta('svc'),
      spec: { type: 'NodePort', selector: { app: 'web' }, ports: [{ name: 'http', protocol: 'TCP', port: 80, targetPort: 8080, nodePort: 30080 }] },
      status: { loadBalancer: {} },
    },
  ],
  ['v1', 'ResourceQuota', { metadata: meta('q'), spec: { hard: { cpu: '2', 'requests.memory': '1Gi', pods: '10' } }, status: {} }],
  [
    'apps/v1',
    'Deployment',
    {
      metadata: meta('web', { generation: 3, ownerReferences: [{ apiVersion: 'v1', kind: 'X', name: 'x', uid: 'u', controller: true }] }),
      spec: {
        replicas: 0,
        selector: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['a', 'b'] }] },
        template: POD_TEMPLATE,
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: '25%' } },
        revisionHistoryLimit: 10,
      },
      status: { replicas: 2, conditions: [{ type: 'Available', status: 'True', lastUpdateTime: '2024-05-06T07:08:09Z', lastTransitionTime: null }] },
    },
  ],
  ['batch/v1', 'Job', { metadata: meta('j'), spec: { backoffLimit: 0, completions: 1, template: POD_TEMPLATE }, status: {} }],
  [
    'batch/v1',
    'CronJob',
    { metadata: meta('cj'), spec: { schedule: '*/5 * * * *', suspend: false, jobTemplate: { metadata: { creationTimestamp: null }, spec: { template: POD_TEMPLATE } } }, status: {} },
  ],
  ['rbac.authorization.k8s.io/v1', 'Role', { metadata: meta('r'), rules: [{ verbs: ['get'], apiGroups: [''], resources: ['pods'], resourceNames: ['p'] }] }],
  ['rbac.authorization.k8s.io/v1', 'ClusterRole', { metadata: meta('cr'), rules: [{ verbs: ['get'], nonResourceURLs: ['/healthz'] }], aggregationRule: { clusterRoleSelectors: [{ matchLabels: { x: 'y' } }] } }],
  [
    'rbac.authorization.k8s.io/v1',
    'RoleBinding',
    { metadata: meta('rb'), subjects: [{ kind: 'ServiceAccount', name: 'sa', namespace: 'default' }], roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'r' } },
  ],
  [
    'rbac.authorization.k8s.io/v1',
    'ClusterRoleBinding',
    { metadata: meta('crb'), subjects: [{ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'devs' }], roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cr' } },
  ],
  ['policy/v1', 'PodDisruptionBudget', { metadata: meta('pdb'), spec: { minAvailable: '50%', selector: { matchLabels: { app: 'web' } } }, status: { currentHealthy: 0, desiredHealthy: 0, disruptionsAllowed: 0, expectedPods: 0 } }],
  ['policy/v1', 'Eviction', { metadata: meta('p', { namespace: 'default' }), deleteOptions: { gracePeriodSeconds: 0 } }],
  [
    'authentication.k8s.io/v1',
    'TokenRequest',
    { metadata: meta('sa'), spec: { audiences: ['api'], expirationSeconds: 3600, boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: 'p', uid: 'u' } }, status: { token: 't', expirationTimestamp: '2030-01-01T00:00:00Z' } },
  ],
  ['authentication.k8s.io/v1', 'SelfSubjectReview', { metadata: meta('me'), status: { userInfo: { username: 'alice', groups: ['devs'], extra: { scopes: ['a', 'b'] } } } }],
  [
    'authorization.k8s.io/v1',
    'SelfSubjectAccessReview',
    { metadata: meta('ssar'), spec: { resourceAttributes: { namespace: 'default', verb: 'create', resource: 'pods', subresource: 'exec' } }, status: { allowed: true, reason: 'rbac' } },
  ],
  ['authorization.k8s.io/v1', 'SelfSubjectRulesReview', { metadata: meta('ssrr'), spec: { namespace: 'default' }, status: { resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }], incomplete: false } }],
  ['v1', 'DeleteOptions', { gracePeriodSeconds: 0, propagationPolicy: 'Background', preconditions: { uid: 'u-1' }, dryRun: ['All'] }],
];

for (const [apiVersion, kind, object] of OBJECTS) {
  test(`${apiVersion} ${kind} round-trips`, (t) => {
    const body = encodeKubernetesProtobuf(apiVersion, kind, object);
    t.deepEqual(body.subarray(0, 4), PROTOBUF_MAGIC);
    t.deepEqual(decodeKubernetesProtobuf(body), { apiVersion, kind, object: { apiVersion, kind, ...object } });
  });
}

const decodeDeployment = (spec: Json): Json =>
  decodeKubernetesProtobuf(encodeKubernetesProtobuf('apps/v1', 'Deployment', { metadata: { name: 'd' }, spec })).object.spec as Json;

test('zero values follow the Go field: pointers keep them, omitempty drops them', (t) => {
  // replicas is *int32 (0 means zero replicas); minReadySeconds and paused are plain omitempty fields.
  t.deepEqual(decodeDeployment({ replicas: 0, minReadySeconds: 0, paused: false }), { replicas: 0 });
  t.deepEqual(decodeDeployment({}), {});
});

test('fields without omitempty keep their zero value', (t) => {
  const body = encodeKubernetesProtobuf('authorization.k8s.io/v1', 'SelfSubjectAccessReview', { metadata: {}, status: {} });
  t.deepEqual(decodeKubernetesProtobuf(body).object.status, { allowed: false });
});

test('inline structs (VolumeSource, ProbeHandler) sit in their parent object', (t) => {
  const spec = decodeDeployment({ template: POD_TEMPLATE });
  const pod = (spec.template as Json).spec as Json;
  t.deepEqual((pod.volumes as Json[])[0], { name: 'config', configMap: { name: 'web-config', defaultMode: 420 } });
  t.deepEqual(((pod.containers as Json[])[0].readinessProbe as Json).httpGet, { path: '/', port: 'http' });
});

test('managedFields keep their fieldsV1 JSON', (t) => {
  const managedFields = [{ manager: 'kubectl', operation: 'Update', apiVersion: 'v1', time: '2024-05-06T07:08:09Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:data': { 'f:k': {} } } }];
  const body = encodeKubernetesProtobuf('v1', 'ConfigMap', { metadata: { name: 'c', managedFields } });
  t.deepEqual((decodeKubernetesProtobuf(body).object.metadata as Json).managedFields, managedFields);
});

function decodeError(t: import('ava').ExecutionContext, body: Buffer): ProtobufDecodeError {
  const error = t.throws(() => decodeKubernetesProtobuf(body), { instanceOf: ProtobufDecodeError });
  return error as ProtobufDecodeError;
}

test('a body without the k8s\\0 prefix is not Kubernetes protobuf', (t) => {
  t.is(decodeError(t, Buffer.from('{"kind":"ConfigMap"}')).reason, 'NotKubernetesProtobuf');
  t.is(decodeError(t, Buffer.from('k8s')).reason, 'NotKubernetesProtobuf');
});

test('an apiVersion/kind without a message is UnknownKind', (t) => {
  const configMap = encodeKubernetesProtobuf('v1', 'ConfigMap', { metadata: { name: 'c' } });
  const relabel = (from: string, to: string): Buffer => Buffer.from(configMap.toString('latin1').replace(from, to), 'latin1');
  const unknownKind = decodeError(t, relabel('ConfigMap', 'ConfigMoo'));
  t.is(unknownKind.reason, 'UnknownKind');
  t.is(unknownKind.message, 'no kind "ConfigMoo" is registered for version "v1"');
  // Messages that are parts of objects are not kinds; groups we do not serve are unknown.
  t.is(decodeError(t, relabel('ConfigMap', 'Container')).reason, 'UnknownKind');
  t.is(decodeError(t, relabel('\x02v1', '\x02v9')).reason, 'UnknownKind');
});

test('truncated or garbage bytes are Malformed', (t) => {
  const body = encodeKubernetesProtobuf('v1', 'ConfigMap', { metadata: { name: 'c' }, data: { k: 'v' } });
  t.is(decodeError(t, body.subarray(0, body.length - 3)).reason, 'Malformed');
  t.is(decodeError(t, Buffer.concat([PROTOBUF_MAGIC, Buffer.from([0x0a, 0xff])])).reason, 'Malformed');
});
