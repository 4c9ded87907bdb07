import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { createCertificateAuthority } from './ca.js';
import { issueClientCertificate } from './client-certificate.js';
import { clusterPkiFiles, writeClusterPki } from './cluster-pki.js';
import { userFromCertificate } from './user-from-certificate.js';

const root = mkdtempSync(join(tmpdir(), 'kubeling-pki-cluster-'));
test.after.always(() => rmSync(root, { recursive: true, force: true }));
const dataDir = (name: string) => join(root, name);

const snapshot = (dir: string) => Object.fromEntries(readdirSync(dir).map((name) => [name, readFileSync(join(dir, name), 'utf8')]));

test('writes the whole PKI with kubeadm\'s file names, keys private to the owner', (t) => {
  const pki = writeClusterPki(dataDir('fresh'), { ipAddresses: ['192.168.1.5'] });
  const dir = join(dataDir('fresh'), 'pki');
  t.is(pki.files.dir, dir);
  t.deepEqual(readdirSync(dir).sort(), [
    'admin.crt', 'admin.key', 'apiserver.crt', 'apiserver.key', 'ca.crt', 'ca.key',
    'kube-controller-manager.crt', 'kube-controller-manager.key', 'kube-scheduler.crt', 'kube-scheduler.key', 'sa.key', 'sa.pub',
  ]);
  for (const key of readdirSync(dir).filter((name) => name.endsWith('.key'))) t.is(statSync(join(dir, key)).mode & 0o777, 0o600, key);
  t.is(readFileSync(join(dir, 'ca.crt'), 'utf8'), pki.ca.certPem);
  t.is(readFileSync(join(dir, 'sa.key'), 'utf8'), pki.serviceAccount.privateKeyPem);
  t.regex(pki.serviceAccount.privateKeyPem, /^-----BEGIN RSA PRIVATE KEY-----/);
  t.regex(pki.serviceAccount.publicKeyPem, /^-----BEGIN PUBLIC KEY-----/);
});

test('every certificate is signed by the CA and names the right identity', (t) => {
  const pki = writeClusterPki(dataDir('identities'));
  const caKey = new X509Certificate(pki.ca.certPem).publicKey;
  for (const part of [pki.apiServer, pki.admin, pki.scheduler, pki.controllerManager]) t.true(new X509Certificate(part.certPem).verify(caKey));
  t.deepEqual(userFromCertificate(pki.admin.certPem), { username: 'kubernetes-admin', groups: ['system:masters'] });
  t.deepEqual(userFromCertificate(pki.scheduler.certPem), { username: 'system:kube-scheduler', groups: [] });
  t.deepEqual(userFromCertificate(pki.controllerManager.certPem), { username: 'system:kube-controller-manager', groups: [] });
  t.regex(new X509Certificate(pki.apiServer.certPem).subjectAltName ?? '', /DNS:kubernetes\.default\.svc\.cluster\.local, IP Address:127\.0\.0\.1, IP Address:10\.96\.0\.1$/);
});

test('a second run reuses every file and changes none', (t) => {
  const first = writeClusterPki(dataDir('again'));
  const before = snapshot(first.files.dir);
  const second = writeClusterPki(dataDir('again'), { dnsNames: ['ignored-now'] });
  t.deepEqual(snapshot(first.files.dir), before);
  t.deepEqual(second, first);
});

test('a missing certificate is issued again from the existing CA', (t) => {
  const first = writeClusterPki(dataDir('partial'));
  unlinkSync(first.files.scheduler.publicPath);
  unlinkSync(first.files.scheduler.privatePath);
  const second = writeClusterPki(dataDir('partial'));
  t.is(second.ca.certPem, first.ca.certPem);
  t.not(second.scheduler.certPem, first.scheduler.certPem);
  t.true(new X509Certificate(second.scheduler.certPem).verify(new X509Certificate(first.ca.certPem).publicKey));
});

test('a certificate without its key, or a key without its certificate, is an error and nothing is overwritten', (t) => {
  const first = writeClusterPki(dataDir('half'));
  unlinkSync(first.files.admin.privatePath);
  t.throws(() => writeClusterPki(dataDir('half')), { message: /admin\.crt exists but .*admin\.key does not/ });
  t.is(readFileSync(first.files.admin.publicPath, 'utf8'), first.admin.certPem);
  unlinkSync(first.files.ca.publicPath);
  t.throws(() => writeClusterPki(dataDir('half')), { message: /ca\.key exists but .*ca\.crt does not/ });
  t.is(readFileSync(first.files.ca.privatePath, 'utf8'), first.ca.keyPem);
});

test('a certificate the CA did not sign, or a key that is not the certificate\'s, is refused', (t) => {
  const first = writeClusterPki(dataDir('foreign'));
  const foreign = issueClientCertificate(createCertificateAuthority(), { username: 'kubernetes-admin', groups: ['system:masters'] });
  writeFileSync(first.files.admin.publicPath, foreign.certPem);
  writeFileSync(first.files.admin.privatePath, foreign.keyPem);
  t.throws(() => writeClusterPki(dataDir('foreign')), { message: /admin\.crt is not signed by the cluster CA/ });
  writeFileSync(first.files.admin.publicPath, first.admin.certPem);
  t.throws(() => writeClusterPki(dataDir('foreign')), { message: /admin\.key is not the key of .*admin\.crt/ });
});

test('the file layout is known without writing anything', (t) => {
  const files = clusterPkiFiles('/var/lib/kubeling');
  t.deepEqual(files.apiServer, { publicPath: '/var/lib/kubeling/pki/apiserver.crt', privatePath: '/var/lib/kubeling/pki/apiserver.key' });
  t.deepEqual(files.serviceAccount, { publicPath: '/var/lib/kubeling/pki/sa.pub', privatePath: '/var/lib/kubeling/pki/sa.key' });
});
