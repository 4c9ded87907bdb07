import { createPrivateKey, X509Certificate } from 'node:crypto';
import test from 'ava';
import { apiServerAltNames } from './apiserver-alt-names.js';
import { createCertificateAuthority } from './ca.js';
import { extensions } from './openssl.test-support.js';
import { issueServingCertificate } from './serving-certificate.js';

const YEAR_MS = 365 * 24 * 60 * 60 * 1000;
const ca = createCertificateAuthority();

test('the apiserver certificate names every address it answers on, for server auth only, for one year', (t) => {
  const { certPem, keyPem } = issueServingCertificate(ca, { commonName: 'kube-apiserver', ...apiServerAltNames({ dnsNames: ['node-1'], ipAddresses: ['192.168.1.10', '::1'] }) });
  const cert = new X509Certificate(certPem);
  t.is(cert.subject, 'CN=kube-apiserver');
  t.is(cert.issuer, 'CN=kubernetes');
  t.true(cert.verify(new X509Certificate(ca.certPem).publicKey), 'signed by the CA');
  t.true(cert.checkPrivateKey(createPrivateKey(keyPem)));
  t.false(cert.ca);
  t.is(
    cert.subjectAltName,
    'DNS:localhost, DNS:kubernetes, DNS:kubernetes.default, DNS:kubernetes.default.svc, DNS:kubernetes.default.svc.cluster.local, DNS:node-1, ' +
      'IP Address:127.0.0.1, IP Address:10.96.0.1, IP Address:192.168.1.10, IP Address:0:0:0:0:0:0:0:1',
  );
  t.is(extensions(certPem, 'extendedKeyUsage,keyUsage'), 'X509v3 Key Usage: critical Digital Signature, Key Encipherment X509v3 Extended Key Usage: TLS Web Server Authentication');
  const years = (Date.parse(cert.validTo) - Date.now()) / YEAR_MS;
  t.true(years > 0.99 && years <= 1, `${years} years`);
});

test('the certificate names the CA key as its authority key', (t) => {
  const { certPem } = issueServingCertificate(ca, { commonName: 'x', dnsNames: ['x'], ipAddresses: [] });
  const caKeyId = extensions(ca.certPem, 'subjectKeyIdentifier').split(' ').at(-1);
  t.regex(extensions(certPem, 'authorityKeyIdentifier'), new RegExp(`${caKeyId}$`));
});

test('duplicate names are listed once and a malformed IP address is refused', (t) => {
  const { certPem } = issueServingCertificate(ca, { commonName: 'x', dnsNames: ['a', 'a'], ipAddresses: ['10.0.0.1', '10.0.0.1'] });
  t.is(new X509Certificate(certPem).subjectAltName, 'DNS:a, IP Address:10.0.0.1');
  t.throws(() => issueServingCertificate(ca, { commonName: 'x', dnsNames: [], ipAddresses: ['10.0.0'] }), { message: /not an IP address/ });
});
