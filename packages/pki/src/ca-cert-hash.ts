import { createHash, X509Certificate } from 'node:crypto';

/**
 * The CA pin kubeadm prints for `kubeadm join --discovery-token-ca-cert-hash`:
 * `sha256:` and the hex SHA-256 of the CA's DER SubjectPublicKeyInfo.
 */
export function caCertHash(caCertPem: string): string {
  const spki = new X509Certificate(caCertPem).publicKey.export({ type: 'spki', format: 'der' });
  return `sha256:${createHash('sha256').update(spki).digest('hex')}`;
}
