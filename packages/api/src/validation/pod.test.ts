import test from 'ava';
import type { Container, Pod, PodSpec } from 'kubernetes-types/core/v1.js';
import { FieldPath, invalidMessage } from './field-errors.js';
import { isEnvVarName, isValidPortName, semanticEqual, validatePodCreate, validatePodSpec, validatePodUpdate, validateTolerations } from './pod.js';

const container = (overrides: Partial<Container> = {}): Container => ({
  name: 'app',
  image: 'busybox',
  imagePullPolicy: 'IfNotPresent',
  terminationMessagePolicy: 'File',
  ...overrides,
});

const spec = (overrides: Partial<PodSpec> = {}): PodSpec => ({
  containers: [container()],
  restartPolicy: 'Always',
  dnsPolicy: 'ClusterFirst',
  terminationGracePeriodSeconds: 30,
  ...overrides,
});

const pod = (overrides: Partial<PodSpec> = {}): Pod => ({ metadata: { name: 'x', namespace: 'default' }, spec: spec(overrides) });
const messages = (errors: readonly unknown[]): string[] => errors.map(String);
const specPath = FieldPath.of('spec');

test('a defaulted pod is valid', (t) => {
  t.deepEqual(validatePodCreate(pod()), []);
});

test('the Invalid message names the missing image', (t) => {
  const errors = validatePodCreate(pod({ containers: [container({ image: '' })] }));
  t.is(invalidMessage({ group: '', kind: 'Pod' }, 'x', errors), 'Pod "x" is invalid: spec.containers[0].image: Required value');
});

test('at least one container, with unique DNS-label names across init and regular containers', (t) => {
  t.deepEqual(messages(validatePodSpec(spec({ containers: [] }), specPath)), ['spec.containers: Required value']);
  const errors = validatePodSpec(spec({ containers: [container(), container({ name: 'App_1' }), container()], initContainers: [container()] }), specPath);
  t.deepEqual(messages(errors), [
    `spec.containers[1].name: Invalid value: "App_1": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
    'spec.containers[2].name: Duplicate value: "app"',
    'spec.initContainers[0].name: Duplicate value: "app"',
  ]);
});

test('container ports: number range, protocol, IANA names, host port conflicts', (t) => {
  const ports = [
    { containerPort: 70000, protocol: 'TCP', name: 'HTTP' },
    { containerPort: 80, protocol: 'ICMP' },
    { containerPort: 0, protocol: 'TCP', hostPort: 8080 },
    { containerPort: 81, protocol: 'TCP', hostPort: 8080 },
  ];
  t.deepEqual(messages(validatePodSpec(spec({ containers: [container({ ports })] }), specPath)), [
    'spec.containers[0].ports[0].name: Invalid value: "HTTP": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
    'spec.containers[0].ports[0].name: Invalid value: "HTTP": must contain at least one letter (a-z)',
    'spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
    'spec.containers[0].ports[1].protocol: Unsupported value: "ICMP": supported values: "SCTP", "TCP", "UDP"',
    'spec.containers[0].ports[2].containerPort: Required value',
    'spec.containers[0].ports[3].hostPort: Duplicate value: "TCP//8080"',
  ]);
});

test('port names and env names follow the upstream string rules', (t) => {
  t.deepEqual(isValidPortName('http-web'), []);
  t.deepEqual(isValidPortName('a--b'), ['must not contain consecutive hyphens']);
  t.deepEqual(isValidPortName('-1234567890abcdef'), ['must be no more than 15 characters', 'must not begin or end with a hyphen']);
  t.deepEqual(isEnvVarName('MY_VAR.x-1'), []);
  t.deepEqual(isEnvVarName('..x'), ["must not start with '..'"]);
  t.is(isEnvVarName('1ABC').length, 1);
});

test('env names and valueFrom', (t) => {
  const env = [{ name: '' }, { name: '9x' }, { name: 'A', value: 'v', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }];
  t.deepEqual(messages(validatePodSpec(spec({ containers: [container({ env })] }), specPath)), [
    'spec.containers[0].env[0].name: Required value',
    `spec.containers[0].env[1].name: Invalid value: "9x": a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')`,
    'spec.containers[0].env[2].valueFrom: Invalid value: "": may not be specified when `value` is not empty',
  ]);
});

test('resources: quantities parse, requests do not exceed limits, names are known', (t) => {
  const resources = { requests: { cpu: '2', memory: 'lots', example: '1' }, limits: { cpu: '500m' } };
  t.deepEqual(messages(validatePodSpec(spec({ containers: [container({ resources })] }), specPath)), [
    `spec.containers[0].resources.requests[memory]: Invalid value: "lots": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`,
    'spec.containers[0].resources.requests[example]: Invalid value: "example": must be a standard resource type or fully qualified',
    'spec.containers[0].resources.requests[example]: Invalid value: "example": must be a standard resource for containers',
    'spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 500m',
  ]);
});

test('extended resources must be whole and requested exactly at their limit', (t) => {
  const resources = { requests: { 'example.com/gpu': '1' }, limits: { 'example.com/gpu': '2', 'example.com/fpga': '500m' } };
  t.deepEqual(messages(validatePodSpec(spec({ containers: [container({ resources })] }), specPath)), [
    'spec.containers[0].resources.limits[example.com/fpga]: Invalid value: "500m": must be an integer',
    'spec.containers[0].resources.requests: Invalid value: "1": must be equal to example.com/gpu limit of 2',
  ]);
  t.deepEqual(messages(validatePodSpec(spec({ containers: [container({ resources: { limits: { memory: '-1Gi' } } })] }), specPath)), [
    'spec.containers[0].resources.limits[memory]: Invalid value: "-1Gi": must be greater than or equal to 0',
  ]);
});

test('volumes are unique and mounts refer to them', (t) => {
  const volumes = [{ name: 'data', emptyDir: {} }, { name: 'data', emptyDir: {} }, { name: 'none' }, { name: 'two', emptyDir: {}, hostPath: { path: '/x' } }];
  const volumeMounts = [{ name: 'data', mountPath: '/a' }, { name: 'missing', mountPath: '/a' }];
  t.deepEqual(messages(validatePodSpec(spec({ volumes, containers: [container({ volumeMounts })] }), specPath)), [
    'spec.volumes[1].name: Duplicate value: "data"',
    'spec.volumes[2]: Required value: must specify a volume type',
    'spec.volumes[3].hostPath: Forbidden: may not specify more than 1 volume type',
    'spec.containers[0].volumeMounts[1].name: Not found: "missing"',
    'spec.containers[0].volumeMounts[1].mountPath: Invalid value: "/a": must be unique',
  ]);
});

test('pod-level policies, node selector, grace period and deadline', (t) => {
  const errors = validatePodSpec(
    { ...spec({ restartPolicy: 'Sometimes', dnsPolicy: '', nodeSelector: { 'bad key!': 'v' }, activeDeadlineSeconds: 0 }), terminationGracePeriodSeconds: undefined },
    specPath,
  );
  t.deepEqual(messages(errors).map((message) => message.split(' (e.g.')[0]), [
    'spec.terminationGracePeriodSeconds: Required value',
    'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
    'spec.dnsPolicy: Required value',
    `spec.nodeSelector: Invalid value: "bad key!": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`,
    'spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive',
  ]);
});

test('tolerations', (t) => {
  const errors = validateTolerations(
    [{ operator: 'Equal', value: 'x' }, { key: 'k', operator: 'Exists', value: 'v' }, { key: 'k', operator: 'Near' }, { key: 'k', tolerationSeconds: 5, effect: 'NoSchedule' }],
    FieldPath.of('spec', 'tolerations'),
  );
  t.deepEqual(messages(errors), [
    'spec.tolerations[0].operator: Invalid value: "Equal": operator must be Exists when `key` is empty, which means "match all values and all keys"',
    `spec.tolerations[1].operator: Invalid value: "v": value must be empty when \`operator\` is 'Exists'`,
    'spec.tolerations[2].operator: Unsupported value: "Near": supported values: "Equal", "Exists"',
    `spec.tolerations[3].effect: Invalid value: "NoSchedule": effect must be 'NoExecute' when \`tolerationSeconds\` is set`,
  ]);
});

test("a pod's image must not be padded", (t) => {
  t.deepEqual(messages(validatePodCreate(pod({ containers: [container({ image: ' busybox' })] }))), [
    'spec.containers[0].image: Invalid value: " busybox": must not have leading or trailing whitespace',
  ]);
});

test('pod updates may change images, deadlines and add tolerations only', (t) => {
  const old = pod({ tolerations: [{ key: 'a', operator: 'Exists' }] });
  t.deepEqual(validatePodUpdate(pod({ containers: [container({ image: 'busybox:2' })], activeDeadlineSeconds: 10, tolerations: [{ key: 'a', operator: 'Exists' }, { key: 'b', operator: 'Exists' }] }), old), []);
  const changed = validatePodUpdate(pod({ nodeName: 'n1', tolerations: [{ key: 'a', operator: 'Exists' }] }), old);
  t.is(changed.length, 1);
  t.true(
    String(changed[0]).startsWith(
      'spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)\n',
    ),
  );
  t.true(String(changed[0]).includes('+ nodeName: "n1"'));
  t.deepEqual(messages(validatePodUpdate(pod({ tolerations: [] }), old)), ['spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds']);
  t.deepEqual(messages(validatePodUpdate(pod({ containers: [container(), container({ name: 'b' })] }), old)), ['spec.containers: Forbidden: pod updates may not add or remove containers']);
});

test('pod updates: deadlines only shrink, a negative grace period may become 1', (t) => {
  t.deepEqual(messages(validatePodUpdate(pod({ activeDeadlineSeconds: 20 }), pod({ activeDeadlineSeconds: 10 }))), [
    'spec.activeDeadlineSeconds: Invalid value: 20: must be less than or equal to previous value',
  ]);
  t.deepEqual(validatePodUpdate(pod({ terminationGracePeriodSeconds: 1 }), pod({ terminationGracePeriodSeconds: -5 })), []);
  t.is(validatePodUpdate(pod({ terminationGracePeriodSeconds: 2 }), pod({ terminationGracePeriodSeconds: -5 })).length, 1);
});

test('semantic equality treats absent and empty alike', (t) => {
  t.true(semanticEqual({ a: [], b: undefined }, { c: {} }));
  t.false(semanticEqual({ a: [1] }, { a: [2] }));
});
