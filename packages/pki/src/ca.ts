import { createPrivateKey, X509Certificate } from 'node:crypto';
import { selfSign, type CertificateAndKey } from './certificate.js';
import { generateKeyPair } from './key-pair.js';

/** The cluster CA: signs every serving and client certificate. */
export type CertificateAuthority = CertificateAndKey;

export interface CertificateAuthorityOptions {
  /** kubeadm names its CA `kubernetes`. */
  commonName?: string;
  /** kubeadm's CA lasts ten years. */
  validityDays?: number;
}

/** A new self-signed CA (CA:true, keyCertSign), as kubeadm's `certs ca` phase makes it. */
export function createCertificateAuthority(options: CertificateAuthorityOptions = {}): CertificateAuthority {
  const { privateKeyPem, publicKeyPem } = generateKeyPair();
  const certPem = selfSign(
    {
      subject: { commonName: options.commonName ?? 'kubernetes' },
      publicKeyPem,
      validityDays: options.validityDays ?? 3650,
      extensions: [
        { name: 'basicConstraints', cA: true, critical: true },
        { name: 'keyUsage', critical: true, digitalSignature: true, keyEncipherment: true, keyCertSign: true },
      ],
    },
    privateKeyPem,
  );
  return { certPem, keyPem: privateKeyPem };
}

/** An existing CA from its PEM files' contents; refuses a certificate that is not a CA or a key that is not its own. */
export function loadCertificateAuthority(certPem: string, keyPem: string): CertificateAuthority {
  const cert = new X509Certificate(certPem);
  if (!cert.ca) throw new Error(`certificate "${cert.subject}" is not a CA`);
  if (!cert.checkPrivateKey(createPrivateKey(keyPem))) throw new Error(`the private key does not belong to CA certificate "${cert.subject}"`);
  return { certPem, keyPem };
}
