import test from 'ava';
import type { Service, ServiceSpec } from 'kubernetes-types/core/v1.js';
import { validateService, validateServiceUpdate } from './service.js';

const service = (overrides: Partial<ServiceSpec> = {}): Service => ({
  metadata: { name: 'web', namespace: 'default' },
  spec: { type: 'ClusterIP', sessionAffinity: 'None', selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080, protocol: 'TCP' }], ...overrides },
});
const messages = (errors: readonly unknown[]): string[] => errors.map(String);

test('a defaulted service is valid', (t) => {
  t.deepEqual(validateService(service()), []);
  t.deepEqual(validateService(service({ clusterIP: 'None', ports: [] })), [], 'headless services need no ports');
});

test('ports: required, numbered, named when several, unique', (t) => {
  t.deepEqual(messages(validateService(service({ ports: [] }))), ['spec.ports: Required value']);
  const ports = [
    { port: 0, protocol: 'TCP', targetPort: 'HTTP' },
    { name: 'a', port: 80, protocol: 'ICMP', targetPort: 70000 },
    { name: 'a', port: 80, protocol: 'ICMP', targetPort: 80 },
  ];
  t.deepEqual(messages(validateService(service({ ports }))), [
    'spec.ports[0].name: Required value',
    'spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive',
    'spec.ports[0].targetPort: Invalid value: "HTTP": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
    'spec.ports[0].targetPort: Invalid value: "HTTP": must contain at least one letter (a-z)',
    'spec.ports[1].protocol: Unsupported value: "ICMP": supported values: "SCTP", "TCP", "UDP"',
    'spec.ports[1].targetPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
    'spec.ports[2].name: Duplicate value: "a"',
    'spec.ports[2].protocol: Unsupported value: "ICMP": supported values: "SCTP", "TCP", "UDP"',
    'spec.ports[2]: Duplicate value: {"port":80,"protocol":"ICMP","targetPort":0}',
  ]);
});

test('types, headless NodePorts and node ports on ClusterIP services', (t) => {
  t.deepEqual(messages(validateService(service({ type: 'Magic' }))), ['spec.type: Unsupported value: "Magic": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"']);
  t.deepEqual(messages(validateService(service({ type: 'NodePort', clusterIP: 'None' }))), ['spec.clusterIPs[0]: Invalid value: "None": may not be set to \'None\' for NodePort services']);
  t.deepEqual(messages(validateService(service({ ports: [{ port: 80, protocol: 'TCP', nodePort: 30001 }] }))), [
    "spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'",
  ]);
  t.deepEqual(messages(validateService(service({ clusterIP: '10.0.0.300' }))), ['spec.clusterIPs[0]: Invalid value: "10.0.0.300": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)']);
});

test('node ports lie in the caller\'s range', (t) => {
  const nodePort = service({ type: 'NodePort', ports: [{ port: 80, protocol: 'TCP', nodePort: 80 }] });
  t.deepEqual(messages(validateService(nodePort, [30000, 32767])), [
    'spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767',
  ]);
  t.deepEqual(validateService(nodePort), [], 'no range, no check');
});

test('selector labels and session affinity', (t) => {
  const errors = messages(validateService(service({ selector: { app: 'a b' }, sessionAffinity: 'Sticky' })));
  t.is(errors.length, 2);
  t.true(errors[0].startsWith('spec.selector: Invalid value: "a b": a valid label must be an empty string'));
  t.is(errors[1], 'spec.sessionAffinity: Unsupported value: "Sticky": supported values: "ClientIP", "None"');
});

test('the cluster IP may not change once set', (t) => {
  const old = service({ clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10'] });
  t.deepEqual(validateServiceUpdate(service({ clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10'] }), old), []);
  t.deepEqual(messages(validateServiceUpdate(service({ clusterIP: '10.96.0.11', clusterIPs: ['10.96.0.11'] }), old)), [
    'spec.clusterIPs[0]: Invalid value: ["10.96.0.11"]: may not change once set',
  ]);
  t.deepEqual(messages(validateServiceUpdate(service({ clusterIP: '10.96.0.11' }), old)), ['spec.clusterIPs[0]: Invalid value: ["10.96.0.11"]: may not change once set'], 'clusterIP alone counts');
});
