import { X509Certificate } from 'node:crypto';
import test from 'ava';
import { createCertificateAuthority, loadCertificateAuthority } from './ca.js';
import { issueClientCertificate } from './client-certificate.js';
import { extensions } from './openssl.test-support.js';

const YEAR_MS = 365 * 24 * 60 * 60 * 1000;
const ca = createCertificateAuthority();

test('the CA is self-signed, named kubernetes, RSA 2048 and good for ten years', (t) => {
  const cert = new X509Certificate(ca.certPem);
  t.is(cert.subject, 'CN=kubernetes');
  t.is(cert.issuer, 'CN=kubernetes');
  t.true(cert.verify(cert.publicKey), 'signed by its own key');
  t.is(cert.publicKey.asymmetricKeyDetails?.modulusLength, 2048);
  t.true(Date.parse(cert.validFrom) <= Date.now());
  const years = (Date.parse(cert.validTo) - Date.now()) / YEAR_MS;
  t.true(years > 9.99 && years <= 10, `${years} years`);
});

test('the CA may sign certificates: CA:TRUE and Certificate Sign, both critical', (t) => {
  t.true(new X509Certificate(ca.certPem).ca);
  t.is(
    extensions(ca.certPem, 'basicConstraints,keyUsage'),
    'X509v3 Basic Constraints: critical CA:TRUE X509v3 Key Usage: critical Digital Signature, Key Encipherment, Certificate Sign',
  );
});

test('a CA can take another name', (t) => {
  t.is(new X509Certificate(createCertificateAuthority({ commonName: 'kubeling-dev' }).certPem).subject, 'CN=kubeling-dev');
});

test('loading a CA accepts its own PEM files and refuses a leaf certificate or a foreign key', (t) => {
  t.deepEqual(loadCertificateAuthority(ca.certPem, ca.keyPem), ca);
  const leaf = issueClientCertificate(ca, { username: 'someone', groups: [] });
  t.throws(() => loadCertificateAuthority(leaf.certPem, leaf.keyPem), { message: /is not a CA/ });
  t.throws(() => loadCertificateAuthority(ca.certPem, leaf.keyPem), { message: /does not belong/ });
});
