// The real kubectl reads the kubeconfigs and trusts the certificates.
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import test from 'ava';
import { apiServerAltNames } from './apiserver-alt-names.js';
import { createCertificateAuthority } from './ca.js';
import { issueClientCertificate } from './client-certificate.js';
import { loadKubeconfig } from './kubeconfig-credentials.js';
import { buildKubeconfig } from './kubeconfig.js';
import { writeKubeconfig } from './kubeconfig-yaml.js';
import { issueServingCertificate } from './serving-certificate.js';
import { wellKnownUsers } from './user-info.js';
import { startWhoamiServer, type WhoamiServer } from './whoami-server.test-support.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'kubeling-pki-kubectl-'));
const kubectl = async (...args: string[]) => (await run('kubectl', ['--cache-dir', join(dir, 'cache'), ...args], { env: { ...process.env, HOME: dir } })).stdout;
const b64 = (text: string) => Buffer.from(text).toString('base64');

const ca = createCertificateAuthority();
const serving = issueServingCertificate(ca, { commonName: 'kube-apiserver', ...apiServerAltNames() });
const admin = issueClientCertificate(ca, wellKnownUsers.admin);
let server: WhoamiServer;

test.before(async () => {
  server = await startWhoamiServer(ca, serving);
});
test.after.always(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

const adminOptions = (host: string) => ({ clusterName: 'kubernetes', server: `https://${host}:${server.port}`, caCertPem: ca.certPem, username: wellKnownUsers.admin.username, credentials: admin });
const adminKubeconfig = (host: string) => buildKubeconfig(adminOptions(host));

test('kubectl config view shows the cluster, user and context, and writes the file back byte for byte', async (t) => {
  const path = join(dir, 'admin.kubeconfig');
  writeKubeconfig(path, adminKubeconfig('127.0.0.1'));
  const view = JSON.parse(await kubectl('config', 'view', '--kubeconfig', path, '--raw', '-o', 'json'));
  t.deepEqual(view.clusters, [{ name: 'kubernetes', cluster: { server: `https://127.0.0.1:${server.port}`, 'certificate-authority-data': b64(ca.certPem) } }]);
  t.deepEqual(view.users, [{ name: 'kubernetes-admin', user: { 'client-certificate-data': b64(admin.certPem), 'client-key-data': b64(admin.keyPem) } }]);
  t.deepEqual(view.contexts, [{ name: 'kubernetes-admin@kubernetes', context: { cluster: 'kubernetes', user: 'kubernetes-admin' } }]);
  t.is(view['current-context'], 'kubernetes-admin@kubernetes');
  t.is(await kubectl('config', 'view', '--kubeconfig', path, '--raw'), readFileSync(path, 'utf8'));
});

test('kubectl accepts the kubeling.io/grpc cluster extension, keeps it when it rewrites the file, and still reaches the server', async (t) => {
  const path = join(dir, 'grpc.kubeconfig');
  const grpcServers = ['127.0.0.1:6444', '127.0.0.1:7444'];
  writeKubeconfig(path, buildKubeconfig({ ...adminOptions('127.0.0.1'), grpcServers }));
  const view = JSON.parse(await kubectl('config', 'view', '--kubeconfig', path, '--raw', '-o', 'json'));
  t.deepEqual(view.clusters[0].cluster.extensions, [{ name: 'kubeling.io/grpc', extension: { servers: grpcServers } }]);
  t.is(await kubectl('config', 'view', '--kubeconfig', path, '--raw'), readFileSync(path, 'utf8'));
  await kubectl('config', 'set-context', 'kubernetes-admin@kubernetes', '--namespace', 'apps', '--kubeconfig', path);
  t.like(loadKubeconfig(path), { grpcServers, namespace: 'apps' });
  t.deepEqual(JSON.parse(await kubectl('get', '--raw', '/whoami', '--kubeconfig', path)), { username: 'kubernetes-admin', groups: ['system:masters'] });
});

test('kubectl trusts the serving certificate and authenticates with the client certificate, by IP and by name', async (t) => {
  for (const host of ['127.0.0.1', 'localhost']) {
    const path = join(dir, `${host}.kubeconfig`);
    writeKubeconfig(path, adminKubeconfig(host));
    t.deepEqual(JSON.parse(await kubectl('get', '--raw', '/whoami', '--kubeconfig', path)), { username: 'kubernetes-admin', groups: ['system:masters'] }, host);
  }
});

test('the file-path forms resolve as kubectl resolves them', async (t) => {
  const home = join(dir, 'paths');
  mkdirSync(join(home, 'pki'), { recursive: true });
  writeFileSync(join(home, 'pki', 'ca.crt'), ca.certPem);
  writeFileSync(join(home, 'pki', 'admin.crt'), admin.certPem);
  writeFileSync(join(home, 'pki', 'admin.key'), admin.keyPem);
  const path = join(home, 'config');
  writeKubeconfig(path, {
    ...adminKubeconfig('localhost'),
    clusters: [{ name: 'kubernetes', cluster: { server: `https://localhost:${server.port}`, 'certificate-authority': 'pki/ca.crt' } }],
    users: [{ name: 'kubernetes-admin', user: { 'client-certificate': 'pki/admin.crt', 'client-key': 'pki/admin.key' } }],
  });
  const flattened = JSON.parse(await kubectl('config', 'view', '--kubeconfig', path, '--raw', '--flatten', '-o', 'json'));
  const ours = loadKubeconfig(path);
  t.is(ours.caCertPem, Buffer.from(flattened.clusters[0].cluster['certificate-authority-data'], 'base64').toString());
  t.is(ours.certPem, Buffer.from(flattened.users[0].user['client-certificate-data'], 'base64').toString());
  t.is(ours.keyPem, Buffer.from(flattened.users[0].user['client-key-data'], 'base64').toString());
  t.is(ours.keyPem, admin.keyPem);
  t.like(JSON.parse(await kubectl('get', '--raw', '/whoami', '--kubeconfig', path)), { username: 'kubernetes-admin' });
  const moved = join(dir, 'elsewhere.kubeconfig');
  copyFileSync(path, moved);
  await t.throwsAsync(kubectl('get', '--raw', '/whoami', '--kubeconfig', moved), undefined, 'relative paths follow the kubeconfig, not the working directory');
  t.throws(() => loadKubeconfig(moved), { code: 'ENOENT' });
});
