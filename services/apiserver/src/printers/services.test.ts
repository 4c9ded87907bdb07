import test from 'ava';
import type { Service } from 'kubernetes-types/core/v1.js';
import { servicePrinter } from './services.js';

const now = new Date('2026-11-24T12:00:00Z');
const metadata = { name: 'web', namespace: 'default', creationTimestamp: '2026-11-22T12:00:00Z' };

function service(spec: Service['spec'], status?: Service['status']): Service {
  return { apiVersion: 'v1', kind: 'Service', metadata, spec, status };
}

test('columns: NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE, wide SELECTOR', (t) => {
  t.deepEqual(
    servicePrinter.columns.map((c) => [c.name, c.priority]),
    [['Name', 0], ['Type', 0], ['Cluster-IP', 0], ['External-IP', 0], ['Port(s)', 0], ['Age', 0], ['Selector', 1]],
  );
});

test('a ClusterIP service', (t) => {
  const svc = service({ type: 'ClusterIP', clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10'], selector: { app: 'web' }, ports: [{ port: 80, protocol: 'TCP', targetPort: 8080 }] });
  t.deepEqual(servicePrinter.cells(svc, now), ['web', 'ClusterIP', '10.96.0.10', '<none>', '80/TCP', '2d', 'app=web']);
});

test('a NodePort service lists port:nodePort/protocol, comma-joined', (t) => {
  const svc = service({
    type: 'NodePort',
    clusterIPs: ['10.96.4.2'],
    ports: [
      { name: 'http', port: 80, nodePort: 30080, protocol: 'TCP' },
      { name: 'dns', port: 53, nodePort: 30053, protocol: 'UDP' },
    ],
  });
  t.deepEqual(servicePrinter.cells(svc, now).slice(1, 5), ['NodePort', '10.96.4.2', '<none>', '80:30080/TCP,53:30053/UDP']);
});

test('external IPs of a ClusterIP service', (t) => {
  t.is(servicePrinter.cells(service({ clusterIP: '10.96.0.1', externalIPs: ['192.0.2.1', '192.0.2.2'], ports: [{ port: 443 }] }), now)[3], '192.0.2.1,192.0.2.2');
});

test('a LoadBalancer is <pending> until it has ingress points, then lists them sorted, external IPs after', (t) => {
  const spec: Service['spec'] = { type: 'LoadBalancer', clusterIPs: ['10.96.1.1'], ports: [{ port: 443, nodePort: 31443, protocol: 'TCP' }] };
  t.deepEqual(servicePrinter.cells(service(spec), now).slice(3, 5), ['<pending>', '443:31443/TCP']);
  const status = { loadBalancer: { ingress: [{ ip: '203.0.113.9' }, { hostname: 'lb.example.com' }, { ip: '203.0.113.9' }] } };
  t.is(servicePrinter.cells(service(spec, status), now)[3], '203.0.113.9,lb.example.com');
  t.is(servicePrinter.cells(service({ ...spec, externalIPs: ['192.0.2.7'] }, status), now)[3], '203.0.113.9,lb.example.com,192.0.2.7');
});

test('an ExternalName service shows its name and no cluster IP', (t) => {
  t.deepEqual(servicePrinter.cells(service({ type: 'ExternalName', externalName: 'db.example.com' }), now).slice(1, 5), ['ExternalName', '<none>', 'db.example.com', '<none>']);
});

test('a headless service without a selector', (t) => {
  t.deepEqual(servicePrinter.cells(service({ clusterIP: 'None', clusterIPs: ['None'], ports: [{ port: 5432 }] }), now), ['web', 'ClusterIP', 'None', '<none>', '5432/TCP', '2d', '<none>']);
});
