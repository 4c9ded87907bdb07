import { execFileSync } from 'node:child_process';
import test from 'ava';
import { caCertHash } from './ca-cert-hash.js';
import { createCertificateAuthority } from './ca.js';
import { openssl } from './openssl.test-support.js';

test('the CA hash is kubeadm\'s: sha256 of the DER public key, as the openssl recipe computes it', (t) => {
  const { certPem } = createCertificateAuthority();
  // kubeadm's documented recipe: openssl x509 -pubkey -noout | openssl pkey -pubin -outform der | sha256sum
  const publicKeyPem = openssl(certPem, 'x509', '-pubkey', '-noout');
  const der = execFileSync('openssl', ['pkey', '-pubin', '-outform', 'der'], { input: publicKeyPem });
  const sum = execFileSync('sha256sum', { input: der, encoding: 'utf8' }).split(' ')[0];
  t.is(caCertHash(certPem), `sha256:${sum}`);
  t.regex(sum, /^[0-9a-f]{64}$/);
});
