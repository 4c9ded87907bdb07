import { generateKeyPairSync } from 'node:crypto';

/** A private key and its public key, PEM-encoded. */
export interface KeyPair {
  /** PKCS#1 (`RSA PRIVATE KEY`), as kubeadm writes its keys. */
  privateKeyPem: string;
  /** SubjectPublicKeyInfo (`PUBLIC KEY`), as kubeadm writes sa.pub. */
  publicKeyPem: string;
}

/**
 * A fresh RSA 2048 key pair, kubeadm's default. RSA rather than ECDSA because
 * node-forge, which signs our certificates, only handles RSA keys.
 */
export function generateKeyPair(): KeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  });
  return { privateKeyPem: privateKey, publicKeyPem: publicKey };
}
