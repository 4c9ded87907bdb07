import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { buildKubeconfig } from './kubeconfig.js';
import { resolveKubeconfig, loadKubeconfig } from './kubeconfig-credentials.js';
import { parseKubeconfig, readKubeconfig, serializeKubeconfig, writeKubeconfig } from './kubeconfig-yaml.js';

const dir = mkdtempSync(join(tmpdir(), 'kubeling-pki-kubeconfig-'));
test.after.always(() => rmSync(dir, { recursive: true, force: true }));

const b64 = (text: string) => Buffer.from(text).toString('base64');
const pems = { ca: 'CA PEM\n', cert: 'CERT PEM\n', key: 'KEY PEM\n' };
const admin = buildKubeconfig({ clusterName: 'kubernetes', server: 'https://127.0.0.1:6443', caCertPem: pems.ca, username: 'kubernetes-admin', credentials: { certPem: pems.cert, keyPem: pems.key } });

test('a built kubeconfig serializes in the shape kubectl writes', (t) => {
  t.is(
    serializeKubeconfig(admin),
    [
      'apiVersion: v1',
      'clusters:',
      '- cluster:',
      `    certificate-authority-data: ${b64(pems.ca)}`,
      '    server: https://127.0.0.1:6443',
      '  name: kubernetes',
      'contexts:',
      '- context:',
      '    cluster: kubernetes',
      '    user: kubernetes-admin',
      '  name: kubernetes-admin@kubernetes',
      'current-context: kubernetes-admin@kubernetes',
      'kind: Config',
      'preferences: {}',
      'users:',
      '- name: kubernetes-admin',
      '  user:',
      `    client-certificate-data: ${b64(pems.cert)}`,
      `    client-key-data: ${b64(pems.key)}`,
      '',
    ].join('\n'),
  );
});

test('long base64 data stays on one line', (t) => {
  const long = 'x'.repeat(5000);
  const text = serializeKubeconfig(buildKubeconfig({ clusterName: 'c', server: 'https://s', caCertPem: long, username: 'u', credentials: { token: 't' } }));
  t.true(text.includes(`certificate-authority-data: ${b64(long)}\n`));
});

test('serialize then parse gives the same kubeconfig, and the credentials come back decoded', (t) => {
  const parsed = parseKubeconfig(serializeKubeconfig(admin));
  t.deepEqual(parsed, admin);
  t.deepEqual(resolveKubeconfig(parsed, dir), {
    contextName: 'kubernetes-admin@kubernetes',
    clusterName: 'kubernetes',
    username: 'kubernetes-admin',
    server: 'https://127.0.0.1:6443',
    grpcServers: [],
    namespace: 'default',
    caCertPem: pems.ca,
    certPem: pems.cert,
    keyPem: pems.key,
    token: undefined,
    insecureSkipTlsVerify: false,
    tlsServerName: undefined,
  });
});

test('the apiservers\' gRPC endpoints travel as the cluster\'s kubeling.io/grpc extension, in the shape minikube uses for its own', (t) => {
  const config = buildKubeconfig({ clusterName: 'kubeling', server: 'https://127.0.0.1:6443', caCertPem: pems.ca, username: 'kube-scheduler', credentials: { token: 't' }, grpcServers: ['127.0.0.1:6444', '127.0.0.1:7444'] });
  const text = serializeKubeconfig(config);
  t.true(
    text.includes(
      [
        '- cluster:',
        `    certificate-authority-data: ${b64(pems.ca)}`,
        '    extensions:',
        '    - extension:',
        '        servers:',
        '        - 127.0.0.1:6444',
        '        - 127.0.0.1:7444',
        '      name: kubeling.io/grpc',
        '    server: https://127.0.0.1:6443',
        '  name: kubeling',
      ].join('\n'),
    ),
    text,
  );
  const parsed = parseKubeconfig(text);
  t.deepEqual(parsed, config);
  t.deepEqual(resolveKubeconfig(parsed, dir).grpcServers, ['127.0.0.1:6444', '127.0.0.1:7444']);
  t.false(serializeKubeconfig(buildKubeconfig({ clusterName: 'c', server: 'https://s', caCertPem: pems.ca, username: 'u', credentials: { token: 't' }, grpcServers: [] })).includes('extensions'));
});

test('other extensions are kept and ignored; a malformed kubeling.io/grpc extension is an error naming it', (t) => {
  const withExtensions = (extensions: unknown) => parseKubeconfig(serializeKubeconfig({ ...admin, clusters: [{ name: 'kubernetes', cluster: { ...admin.clusters[0]!.cluster, extensions } }] } as typeof admin));
  const minikube = withExtensions([{ name: 'cluster_info', extension: { provider: 'minikube.sigs.k8s.io', version: 'v1.32.0' } }]);
  t.deepEqual(minikube.clusters[0]!.cluster.extensions, [{ name: 'cluster_info', extension: { provider: 'minikube.sigs.k8s.io', version: 'v1.32.0' } }]);
  t.deepEqual(resolveKubeconfig(minikube, dir).grpcServers, []);
  t.throws(() => resolveKubeconfig(withExtensions([{ name: 'kubeling.io/grpc', extension: { servers: '127.0.0.1:6444' } }]), dir), { message: 'extension "kubeling.io/grpc" must list its servers as host:port strings' });
});

test('a token user, a namespace and a custom context name', (t) => {
  const config = buildKubeconfig({ clusterName: 'dev', server: 'https://10.0.0.1:6443', caCertPem: pems.ca, username: 'robot', credentials: { token: 'abc.def' }, contextName: 'dev', namespace: 'apps' });
  t.deepEqual(config.users, [{ name: 'robot', user: { token: 'abc.def' } }]);
  t.deepEqual(config.contexts, [{ name: 'dev', context: { cluster: 'dev', user: 'robot', namespace: 'apps' } }]);
  t.like(resolveKubeconfig(config, dir), { token: 'abc.def', namespace: 'apps', certPem: undefined, keyPem: undefined });
});

test('file-path forms resolve against the kubeconfig\'s directory; tokenFile is read and trimmed', (t) => {
  const home = join(dir, 'paths');
  mkdirSync(join(home, 'pki'), { recursive: true });
  writeFileSync(join(home, 'pki', 'ca.crt'), pems.ca);
  writeFileSync(join(home, 'pki', 'me.crt'), pems.cert);
  writeFileSync(join(dir, 'me.key'), pems.key);
  writeFileSync(join(home, 'token'), 'sekret\n');
  writeFileSync(
    join(home, 'config'),
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      '- name: c',
      '  cluster: {server: "https://h:6443", certificate-authority: pki/ca.crt, insecure-skip-tls-verify: false, tls-server-name: kubernetes}',
      'users:',
      `- name: me`,
      `  user: {client-certificate: pki/me.crt, client-key: ${join(dir, 'me.key')}, tokenFile: token}`,
      '- name: other',
      '  user: {token: t}',
      'contexts:',
      '- {name: mine, context: {cluster: c, user: me}}',
      '- {name: theirs, context: {cluster: c, user: other, namespace: kube-system}}',
      'current-context: mine',
    ].join('\n'),
  );
  t.like(loadKubeconfig(join(home, 'config')), { server: 'https://h:6443', caCertPem: pems.ca, certPem: pems.cert, keyPem: pems.key, token: 'sekret', tlsServerName: 'kubernetes' });
  t.like(loadKubeconfig(join(home, 'config'), 'theirs'), { username: 'other', token: 't', namespace: 'kube-system', certPem: undefined });
});

test('missing contexts, clusters and users are errors naming them', (t) => {
  const empty = parseKubeconfig('');
  t.deepEqual(empty, { apiVersion: 'v1', kind: 'Config', clusters: [], contexts: [], users: [], 'current-context': '', preferences: {} });
  t.throws(() => resolveKubeconfig(empty, dir), { message: 'current-context is not set' });
  t.throws(() => resolveKubeconfig(admin, dir, 'nope'), { message: 'context "nope" not found in kubeconfig' });
  t.throws(() => resolveKubeconfig({ ...admin, clusters: [] }, dir), { message: 'cluster "kubernetes" not found in kubeconfig' });
  t.throws(() => resolveKubeconfig({ ...admin, users: [] }, dir), { message: 'user "kubernetes-admin" not found in kubeconfig' });
  t.throws(() => parseKubeconfig('- a list'), { message: /must be a YAML mapping/ });
});

test('a written kubeconfig is private to its owner and reads back', (t) => {
  const path = join(dir, 'admin.kubeconfig');
  writeKubeconfig(path, admin);
  t.is(statSync(path).mode & 0o777, 0o600);
  t.deepEqual(readKubeconfig(path), admin);
});
