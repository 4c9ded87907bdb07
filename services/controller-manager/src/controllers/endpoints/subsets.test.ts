import test from 'ava';
import { pod, service } from '../../controller-utils/service-pods.fixtures.js';
import { repackSubsets } from './repack-subsets.js';
import { desiredSubsets } from './subsets.js';

const ref = (name: string) => ({ kind: 'Pod', namespace: 'default', name, uid: `uid-${name}` });
const addr = (ip: string, name: string) => ({ ip, nodeName: 'node-a', targetRef: ref(name) });
const HTTP = { name: 'http', port: 8080, protocol: 'TCP' };

test('ready pods are addresses, not-ready ones notReadyAddresses, sorted by IP, in one subset of the service port', (t) => {
  const pods = [pod('b', { ip: '10.0.0.2' }), pod('a', { ip: '10.0.0.1' }), pod('c', { ip: '10.0.0.3', ready: false })];
  t.deepEqual(desiredSubsets(service('web'), pods), [{ addresses: [addr('10.0.0.1', 'a'), addr('10.0.0.2', 'b')], notReadyAddresses: [addr('10.0.0.3', 'c')], ports: [HTTP] }]);
});

test('pods without an IP, finished, or terminating are left out; publishNotReadyAddresses makes all ready and keeps terminating ones', (t) => {
  const pods = [pod('a', { ip: '10.0.0.1' }), pod('n', { ip: '' }), pod('f', { ip: '10.0.0.5', phase: 'Succeeded' }), pod('d', { ip: '10.0.0.6', deleting: true }), pod('u', { ip: '10.0.0.7', ready: false })];
  t.deepEqual(desiredSubsets(service('web'), pods), [{ addresses: [addr('10.0.0.1', 'a')], notReadyAddresses: [addr('10.0.0.7', 'u')], ports: [HTTP] }]);
  t.deepEqual(desiredSubsets(service('web', { publishNotReadyAddresses: true }), pods), [
    { addresses: [addr('10.0.0.1', 'a'), addr('10.0.0.6', 'd'), addr('10.0.0.7', 'u')], ports: [HTTP] },
  ]);
});

test('a named targetPort resolves per pod: pods with different container ports go to different subsets; a pod lacking the name is left out', (t) => {
  const svc = service('web', { ports: [{ name: 'http', port: 80, targetPort: 'web', protocol: 'TCP' }] });
  const pods = [pod('a', { ip: '10.0.0.1', ports: [{ name: 'web', containerPort: 8080 }] }), pod('b', { ip: '10.0.0.2', ports: [{ name: 'web', containerPort: 9090 }] }), pod('c', { ip: '10.0.0.3' })];
  t.deepEqual(desiredSubsets(svc, pods), [
    { addresses: [addr('10.0.0.1', 'a')], ports: [{ name: 'http', port: 8080, protocol: 'TCP' }] },
    { addresses: [addr('10.0.0.2', 'b')], ports: [{ name: 'http', port: 9090, protocol: 'TCP' }] },
  ]);
});

test('two service ports the same pods serve share a subset; a headless service without ports lists the pods without ports', (t) => {
  const svc = service('web', { ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }, { name: 'metrics', port: 9100, targetPort: 9100, protocol: 'TCP' }] });
  t.deepEqual(desiredSubsets(svc, [pod('a', { ip: '10.0.0.1' })]), [{ addresses: [addr('10.0.0.1', 'a')], ports: [HTTP, { name: 'metrics', port: 9100, protocol: 'TCP' }] }]);
  const headless = service('web', { ports: [], clusterIP: 'None' });
  t.deepEqual(desiredSubsets(headless, [pod('a', { ip: '10.0.0.1' })]), [{ addresses: [addr('10.0.0.1', 'a')] }]);
  t.deepEqual(desiredSubsets(service('web', { ports: [] }), [pod('a', { ip: '10.0.0.1' })]), []);
});

test('hostname is set when the pod names the service as its subdomain', (t) => {
  const subsets = desiredSubsets(service('web'), [pod('a', { ip: '10.0.0.1', hostname: 'a-0', subdomain: 'web' }), pod('b', { ip: '10.0.0.2', hostname: 'b-0', subdomain: 'other' })]);
  t.is(subsets[0]!.addresses![0]!.hostname, 'a-0');
  t.is(subsets[0]!.addresses![1]!.hostname, undefined);
});

test('repackSubsets: an address ready anywhere for a port is ready there; the same addresses with their ports merge', (t) => {
  const a = addr('10.0.0.1', 'a');
  const packed = repackSubsets([
    { notReadyAddresses: [a], ports: [HTTP] },
    { addresses: [a], ports: [HTTP] },
    { addresses: [a], ports: [{ name: 'x', port: 1, protocol: 'UDP' }] },
  ]);
  t.deepEqual(packed, [{ addresses: [a], ports: [HTTP, { name: 'x', port: 1, protocol: 'UDP' }] }]);
});
