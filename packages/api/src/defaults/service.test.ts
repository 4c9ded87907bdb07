import test from 'ava';
import type { Obj } from './fields.js';
import { defaultService } from './service.js';

function defaulted(service: Obj): Obj {
  const copy = structuredClone(service);
  defaultService(copy);
  return copy;
}

test('a Service with ports [{port: 80}] reads back as from Kubernetes 1.32', (t) => {
  const service = defaulted({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web' },
    spec: { selector: { app: 'web' }, ports: [{ port: 80 }] },
  });
  t.deepEqual(service, {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web' },
    spec: {
      selector: { app: 'web' },
      ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }],
      sessionAffinity: 'None',
      type: 'ClusterIP',
      internalTrafficPolicy: 'Cluster',
      ipFamilyPolicy: 'SingleStack',
      ipFamilies: ['IPv4'],
    },
    status: { loadBalancer: {} },
  });
});

test('NodePort and LoadBalancer services get the external traffic policy; load balancers allocate node ports', (t) => {
  const nodePort = defaulted({ spec: { type: 'NodePort', ports: [{ port: 80, targetPort: 'http' }] } }).spec as Obj;
  t.is(nodePort.externalTrafficPolicy, 'Cluster');
  t.false('allocateLoadBalancerNodePorts' in nodePort);
  t.deepEqual(nodePort.ports, [{ port: 80, targetPort: 'http', protocol: 'TCP' }]);
  const lb = defaulted({
    spec: { type: 'LoadBalancer', ports: [{ port: 443 }] },
    status: { loadBalancer: { ingress: [{ ip: '192.0.2.10' }, { hostname: 'lb.example' }] } },
  });
  t.is((lb.spec as Obj).externalTrafficPolicy, 'Cluster');
  t.is((lb.spec as Obj).allocateLoadBalancerNodePorts, true);
  t.deepEqual(lb.status, { loadBalancer: { ingress: [{ ip: '192.0.2.10', ipMode: 'VIP' }, { hostname: 'lb.example' }] } });
});

test('a ClusterIP service with external IPs is externally accessible', (t) => {
  const spec = defaulted({ spec: { externalIPs: ['198.51.100.1'], ports: [{ port: 80 }] } }).spec as Obj;
  t.is(spec.externalTrafficPolicy, 'Cluster');
});

test('ClientIP affinity gets its three-hour timeout; None drops any affinity config', (t) => {
  t.deepEqual((defaulted({ spec: { sessionAffinity: 'ClientIP' } }).spec as Obj).sessionAffinityConfig, { clientIP: { timeoutSeconds: 10800 } });
  t.deepEqual((defaulted({ spec: { sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 60 } } } }).spec as Obj).sessionAffinityConfig, {
    clientIP: { timeoutSeconds: 60 },
  });
  t.false('sessionAffinityConfig' in (defaulted({ spec: { sessionAffinityConfig: { clientIP: { timeoutSeconds: 60 } } } }).spec as Obj));
});

test('IP families: headless without selector asks for both, headless with selector and given IPs follow the cluster', (t) => {
  const selectorless = defaulted({ spec: { clusterIP: 'None', ports: [{ port: 5432 }] } }).spec as Obj;
  t.is(selectorless.ipFamilyPolicy, 'RequireDualStack');
  t.deepEqual(selectorless.ipFamilies, ['IPv4', 'IPv6']);
  const headless = defaulted({ spec: { clusterIP: 'None', clusterIPs: ['None'], selector: { app: 'db' } } }).spec as Obj;
  t.is(headless.ipFamilyPolicy, 'SingleStack');
  t.deepEqual(headless.ipFamilies, ['IPv4']);
  const v6 = defaulted({ spec: { clusterIPs: ['fd00::10'], ipFamilyPolicy: 'SingleStack' } }).spec as Obj;
  t.deepEqual(v6.ipFamilies, ['IPv6']);
});

test('ExternalName services get no IP families nor internal traffic policy', (t) => {
  const spec = defaulted({ spec: { type: 'ExternalName', externalName: 'db.example.com' } }).spec as Obj;
  t.false('ipFamilies' in spec);
  t.false('ipFamilyPolicy' in spec);
  t.false('internalTrafficPolicy' in spec);
  t.is(spec.sessionAffinity, 'None');
});

test('what the client set is kept, and defaulting twice changes nothing more', (t) => {
  const given = {
    spec: {
      type: 'NodePort',
      externalTrafficPolicy: 'Local',
      internalTrafficPolicy: 'Local',
      ipFamilyPolicy: 'PreferDualStack',
      ipFamilies: ['IPv4'],
      ports: [{ port: 53, protocol: 'UDP', targetPort: 5353 }],
    },
  };
  const once = defaulted(given);
  for (const [key, value] of Object.entries(given.spec)) t.deepEqual((once.spec as Obj)[key], value, key);
  t.deepEqual(defaulted(once), once);
});
