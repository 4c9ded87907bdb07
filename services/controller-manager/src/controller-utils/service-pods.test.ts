import test from 'ava';
import { Indexer, Lister } from '@kubeling/client';
import { pod, service } from './service-pods.fixtures.js';
import { findPort, podServiceKeys, selectsPods, servicesToUpdateOnPodChange, shouldPodBeInEndpoints, type ServiceObject } from './service-pods.js';

function listerOf(...services: ServiceObject[]): Lister<ServiceObject> {
  const indexer = new Indexer<ServiceObject>();
  services.forEach((s) => indexer.add(s));
  return new Lister(indexer);
}

test('findPort: a numeric targetPort as it is; a named one by the container port of that name and protocol', (t) => {
  const p = pod('p', { ports: [{ name: 'http', containerPort: 8080 }, { name: 'dns', containerPort: 53, protocol: 'UDP' }] });
  t.is(findPort(p, { port: 80, targetPort: 9090 }), 9090);
  t.is(findPort(p, { port: 80, targetPort: 'http', protocol: 'TCP' }), 8080);
  t.is(findPort(p, { port: 53, targetPort: 'dns', protocol: 'UDP' }), 53);
  t.is(findPort(p, { port: 53, targetPort: 'dns', protocol: 'TCP' }), undefined);
  t.is(findPort(p, { port: 80, targetPort: 'metrics' }), undefined);
});

test('findPort: a sidecar (init container with restartPolicy Always) serves named ports, a plain init container does not', (t) => {
  const p = pod('p');
  p.spec!.initContainers = [
    { name: 'sidecar', restartPolicy: 'Always', ports: [{ name: 'proxy', containerPort: 15001 }] },
    { name: 'init', ports: [{ name: 'setup', containerPort: 1 }] },
  ];
  t.is(findPort(p, { port: 80, targetPort: 'proxy' }), 15001);
  t.is(findPort(p, { port: 80, targetPort: 'setup' }), undefined);
});

test('shouldPodBeInEndpoints: needs an IP, not finished, and not terminating unless asked', (t) => {
  t.true(shouldPodBeInEndpoints(pod('p'), false));
  t.false(shouldPodBeInEndpoints(pod('p', { ip: '' }), true));
  t.false(shouldPodBeInEndpoints(pod('p', { phase: 'Succeeded' }), true));
  t.false(shouldPodBeInEndpoints(pod('p', { phase: 'Failed' }), true));
  t.false(shouldPodBeInEndpoints(pod('p', { deleting: true }), false));
  t.true(shouldPodBeInEndpoints(pod('p', { deleting: true }), true));
});

test('selectsPods: only services with a non-empty selector that are not ExternalName', (t) => {
  t.true(selectsPods(service('s')));
  t.false(selectsPods(service('s', { selector: {} })));
  const external = service('s');
  external.spec!.type = 'ExternalName';
  t.false(selectsPods(external));
});

test('a pod belongs to the services of its namespace whose selector matches it', (t) => {
  const other = service('other', { selector: { app: 'db' } });
  const elsewhere = { ...service('web2'), metadata: { name: 'web2', namespace: 'kube-system' } };
  t.deepEqual([...podServiceKeys(pod('p'), listerOf(service('web'), other, elsewhere))], ['default/web']);
});

test('a pod update concerns: nothing when nothing endpoints show changed; both label sets when the pod changed; only joined or left services when just labels changed', (t) => {
  const services = listerOf(service('web'), service('db', { selector: { app: 'db' } }), service('all', { selector: { tier: 'x' } }));
  const old = pod('p', { labels: { app: 'web', tier: 'x' } });
  t.deepEqual([...servicesToUpdateOnPodChange(old, { ...old, metadata: { ...old.metadata, resourceVersion: '2', annotations: { a: 'b' } } }, services)], []);
  const relabelled = pod('p', { labels: { app: 'db', tier: 'x' }, resourceVersion: '2' });
  t.deepEqual([...servicesToUpdateOnPodChange(old, relabelled, services)].sort(), ['default/db', 'default/web']);
  const relabelledAndUnready = pod('p', { labels: { app: 'db', tier: 'x' }, resourceVersion: '2', ready: false });
  t.deepEqual([...servicesToUpdateOnPodChange(old, relabelledAndUnready, services)].sort(), ['default/all', 'default/db', 'default/web']);
  const unready = pod('p', { labels: { app: 'web', tier: 'x' }, resourceVersion: '2', ready: false });
  t.deepEqual([...servicesToUpdateOnPodChange(old, unready, services)].sort(), ['default/all', 'default/web']);
});
