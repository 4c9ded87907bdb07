import { X509Certificate } from 'node:crypto';
import test from 'ava';
import { createCertificateAuthority } from './ca.js';
import { issueClientCertificate } from './client-certificate.js';
import { extensions, openssl } from './openssl.test-support.js';
import { nodeUser, wellKnownUsers } from './user-info.js';

const ca = createCertificateAuthority();

test('a client certificate names the user in CN and each group in its own O, for client auth', (t) => {
  const { certPem } = issueClientCertificate(ca, nodeUser('worker-1'));
  t.is(openssl(certPem, 'x509', '-noout', '-subject').trim(), 'subject=O = system:nodes, CN = system:node:worker-1');
  t.is(extensions(certPem, 'extendedKeyUsage,basicConstraints'), 'X509v3 Basic Constraints: critical CA:FALSE X509v3 Extended Key Usage: TLS Web Client Authentication');
  t.true(new X509Certificate(certPem).verify(new X509Certificate(ca.certPem).publicKey));
});

test('several groups give several O entries; no group gives none', (t) => {
  const admin = issueClientCertificate(ca, { username: 'alice', groups: ['system:masters', 'dev team', 'ünïcode'] });
  t.is(openssl(admin.certPem, 'x509', '-noout', '-subject', '-nameopt', 'utf8,sep_comma_plus_space').trim(), 'subject=O=system:masters, O=dev team, O=ünïcode, CN=alice');
  const scheduler = issueClientCertificate(ca, wellKnownUsers.scheduler);
  t.is(new X509Certificate(scheduler.certPem).subject, 'CN=system:kube-scheduler');
});

test('the well-known control-plane users are kubeadm\'s', (t) => {
  t.deepEqual(wellKnownUsers.admin, { username: 'kubernetes-admin', groups: ['system:masters'] });
  t.deepEqual(wellKnownUsers.scheduler, { username: 'system:kube-scheduler', groups: [] });
  t.deepEqual(wellKnownUsers.controllerManager, { username: 'system:kube-controller-manager', groups: [] });
  t.deepEqual(nodeUser('n1'), { username: 'system:node:n1', groups: ['system:nodes'] });
});
