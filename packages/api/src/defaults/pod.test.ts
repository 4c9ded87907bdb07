import test from 'ava';
import { applyCreateDefaults } from './create-defaults.js';
import { applyDefaults } from './apply-defaults.js';
import type { Obj } from './fields.js';

function createPod(pod: Obj): Obj {
  const copy = structuredClone(pod);
  applyDefaults('', 'v1', 'Pod', copy);
  applyCreateDefaults('', 'v1', 'Pod', copy);
  return copy;
}

/** What `kubectl run nginx --image=nginx --port=80` sends. */
const KUBECTL_RUN: Obj = {
  kind: 'Pod',
  apiVersion: 'v1',
  metadata: { name: 'nginx', creationTimestamp: null, labels: { run: 'nginx' } },
  spec: {
    containers: [{ name: 'nginx', image: 'nginx', ports: [{ containerPort: 80 }], resources: {} }],
    restartPolicy: 'Always',
    dnsPolicy: 'ClusterFirst',
  },
  status: {},
};

test('a pod from kubectl run reads back as from Kubernetes 1.32', (t) => {
  t.deepEqual(createPod(KUBECTL_RUN), {
    kind: 'Pod',
    apiVersion: 'v1',
    metadata: { name: 'nginx', creationTimestamp: null, labels: { run: 'nginx' } },
    spec: {
      containers: [
        {
          name: 'nginx',
          image: 'nginx',
          imagePullPolicy: 'Always',
          ports: [{ containerPort: 80, protocol: 'TCP' }],
          resources: {},
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
        },
      ],
      dnsPolicy: 'ClusterFirst',
      enableServiceLinks: true,
      preemptionPolicy: 'PreemptLowerPriority',
      priority: 0,
      restartPolicy: 'Always',
      schedulerName: 'default-scheduler',
      securityContext: {},
      terminationGracePeriodSeconds: 30,
    },
    status: { phase: 'Pending', qosClass: 'BestEffort' },
  });
});

test('probes, lifecycle handlers and env field references get their defaults', (t) => {
  const pod = createPod({
    metadata: { name: 'p' },
    spec: {
      containers: [
        {
          name: 'app',
          image: 'registry.local:5000/app:v1',
          env: [{ name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }],
          livenessProbe: { httpGet: { port: 8080 } },
          readinessProbe: { grpc: { port: 9090 }, periodSeconds: 5 },
          startupProbe: { exec: { command: ['true'] }, failureThreshold: 30 },
          lifecycle: { preStop: { httpGet: { port: 8080, path: '/quit' } } },
        },
      ],
    },
  });
  const [container] = (pod.spec as Obj).containers as Obj[];
  t.is(container.imagePullPolicy, 'IfNotPresent');
  t.deepEqual(container.env, [{ name: 'NODE', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.nodeName' } } }]);
  t.deepEqual(container.livenessProbe, {
    httpGet: { port: 8080, path: '/', scheme: 'HTTP' },
    timeoutSeconds: 1,
    periodSeconds: 10,
    successThreshold: 1,
    failureThreshold: 3,
  });
  t.deepEqual(container.readinessProbe, { grpc: { port: 9090, service: '' }, periodSeconds: 5, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 });
  t.deepEqual(container.startupProbe, { exec: { command: ['true'] }, failureThreshold: 30, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1 });
  t.deepEqual(container.lifecycle, { preStop: { httpGet: { port: 8080, path: '/quit', scheme: 'HTTP' } } });
});

test('volume sources get their modes and an empty volume is an emptyDir', (t) => {
  const pod = createPod({
    metadata: { name: 'p' },
    spec: {
      containers: [{ name: 'c', image: 'busybox:1.36' }],
      volumes: [
        { name: 'scratch' },
        { name: 'config', configMap: { name: 'cfg' } },
        { name: 'creds', secret: { secretName: 's', defaultMode: 0o400 } },
        { name: 'host', hostPath: { path: '/var/log' } },
        { name: 'info', downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }] } },
        { name: 'token', projected: { sources: [{ serviceAccountToken: { path: 'token' } }] } },
        { name: 'claim', ephemeral: { volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnce'] } } } },
      ],
    },
  });
  t.deepEqual((pod.spec as Obj).volumes, [
    { name: 'scratch', emptyDir: {} },
    { name: 'config', configMap: { name: 'cfg', defaultMode: 420 } },
    { name: 'creds', secret: { secretName: 's', defaultMode: 0o400 } },
    { name: 'host', hostPath: { path: '/var/log', type: '' } },
    { name: 'info', downwardAPI: { defaultMode: 420, items: [{ path: 'labels', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.labels' } }] } },
    { name: 'token', projected: { defaultMode: 420, sources: [{ serviceAccountToken: { path: 'token', expirationSeconds: 3600 } }] } },
    { name: 'claim', ephemeral: { volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnce'], volumeMode: 'Filesystem' } } } },
  ]);
});

test('requests default to limits, quantities come back canonical, and the QoS class follows', (t) => {
  const pod = createPod({
    metadata: { name: 'p' },
    spec: {
      containers: [{ name: 'c', image: 'nginx:1.27', resources: { limits: { cpu: '0.5', memory: '128Mi' } } }],
      initContainers: [{ name: 'init', image: 'busybox', resources: { limits: { cpu: 1, memory: '64Mi' }, requests: { cpu: '1' } } }],
    },
  });
  const spec = pod.spec as Obj;
  t.deepEqual(((spec.containers as Obj[])[0].resources as Obj), { limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: '500m', memory: '128Mi' } });
  t.deepEqual(((spec.initContainers as Obj[])[0].resources as Obj), { limits: { cpu: '1', memory: '64Mi' }, requests: { cpu: '1', memory: '64Mi' } });
  t.is((pod.status as Obj).qosClass, 'Guaranteed');
});

test('host networking makes container ports host ports', (t) => {
  const pod = createPod({ metadata: { name: 'p' }, spec: { hostNetwork: true, containers: [{ name: 'c', image: 'x', ports: [{ containerPort: 53, protocol: 'UDP' }] }] } });
  t.deepEqual(((pod.spec as Obj).containers as Obj[])[0].ports, [{ containerPort: 53, protocol: 'UDP', hostPort: 53 }]);
});

test('system priority classes resolve; user classes are left to whoever can read them', (t) => {
  const critical = createPod({ metadata: { name: 'p' }, spec: { priorityClassName: 'system-node-critical', containers: [] } });
  t.is((critical.spec as Obj).priority, 2000001000);
  t.is((critical.spec as Obj).preemptionPolicy, 'PreemptLowerPriority');
  const custom = createPod({ metadata: { name: 'p' }, spec: { priorityClassName: 'batch-low', containers: [] } });
  t.false('priority' in (custom.spec as Obj));
  t.false('preemptionPolicy' in (custom.spec as Obj));
});

test('what the client set is kept', (t) => {
  const given: Obj = {
    metadata: { name: 'p' },
    spec: {
      restartPolicy: 'Never',
      dnsPolicy: 'Default',
      terminationGracePeriodSeconds: 0,
      schedulerName: 'mine',
      enableServiceLinks: false,
      securityContext: { runAsUser: 1000 },
      priority: 0,
      preemptionPolicy: 'Never',
      containers: [{ name: 'c', image: 'nginx', imagePullPolicy: 'Never', terminationMessagePolicy: 'FallbackToLogsOnError', ports: [{ containerPort: 53, protocol: 'UDP' }] }],
    },
  };
  const pod = createPod(given);
  const spec = pod.spec as Obj;
  for (const key of Object.keys(given.spec as Obj)) {
    if (key !== 'containers') t.deepEqual(spec[key], (given.spec as Obj)[key], key);
  }
  const container = (spec.containers as Obj[])[0];
  t.is(container.imagePullPolicy, 'Never');
  t.is(container.terminationMessagePolicy, 'FallbackToLogsOnError');
  t.deepEqual(container.ports, [{ containerPort: 53, protocol: 'UDP' }]);
});

test('defaulting a pod twice changes nothing more', (t) => {
  const once = createPod(KUBECTL_RUN);
  t.deepEqual(createPod(once), once);
});
