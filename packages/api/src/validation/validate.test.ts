import test from 'ava';
import { invalidMessage } from './field-errors.js';
import { validateObject } from './validate.js';

test('dispatches by group and kind', (t) => {
  const pod = { spec: { containers: [], restartPolicy: 'Always', dnsPolicy: 'ClusterFirst', terminationGracePeriodSeconds: 30 } };
  t.deepEqual(validateObject('', 'v1', 'Pod', pod).map(String), ['spec.containers: Required value']);
  t.deepEqual(validateObject('apps', 'v1', 'Pod', pod), [], 'no Pod in apps');
  t.deepEqual(validateObject('example.com', 'v1', 'Widget', {}), [], 'unknown kinds have no rules');
});

test('an old object selects update validation; options reach the service check', (t) => {
  const service = (clusterIP: string) => ({ spec: { type: 'NodePort', sessionAffinity: 'None', clusterIP, ports: [{ port: 80, protocol: 'TCP', nodePort: 8080 }] } });
  const created = validateObject('', 'v1', 'Service', service('10.96.0.1'), undefined, { nodePortRange: [30000, 32767] });
  t.is(invalidMessage({ group: '', kind: 'Service' }, 'web', created), 'Service "web" is invalid: spec.ports[0].nodePort: Invalid value: 8080: provided port is not in the valid range. The range of valid ports is 30000-32767');
  t.deepEqual(validateObject('', 'v1', 'Service', service('10.96.0.2'), service('10.96.0.1')).map(String), ['spec.clusterIPs[0]: Invalid value: ["10.96.0.2"]: may not change once set']);
});
