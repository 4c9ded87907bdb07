import { isIP } from 'node:net';
import { signWith, type CertificateAndKey } from './certificate.js';
import type { CertificateAuthority } from './ca.js';
import { generateKeyPair } from './key-pair.js';

/** The names a server answers to; they become the certificate's subjectAltName entries. */
export interface AltNames {
  dnsNames: readonly string[];
  ipAddresses: readonly string[];
}

export interface ServingCertificateOptions extends AltNames {
  commonName: string;
  /** kubeadm's serving certificates last one year. */
  validityDays?: number;
}

const DNS_NAME = 2;
const IP_ADDRESS = 7;

/** A new key and a TLS server certificate (serverAuth) for it, signed by the CA. */
export function issueServingCertificate(ca: CertificateAuthority, options: ServingCertificateOptions): CertificateAndKey {
  const { privateKeyPem, publicKeyPem } = generateKeyPair();
  const certPem = signWith(
    {
      subject: { commonName: options.commonName },
      publicKeyPem,
      validityDays: options.validityDays ?? 365,
      extensions: [
        { name: 'basicConstraints', cA: false, critical: true },
        { name: 'keyUsage', critical: true, digitalSignature: true, keyEncipherment: true },
        { name: 'extKeyUsage', serverAuth: true },
        { name: 'subjectAltName', altNames: subjectAltNames(options) },
      ],
    },
    ca,
  );
  return { certPem, keyPem: privateKeyPem };
}

function subjectAltNames({ dnsNames, ipAddresses }: AltNames): object[] {
  for (const ip of ipAddresses) if (!isIP(ip)) throw new Error(`"${ip}" is not an IP address`);
  return [...unique(dnsNames).map((value) => ({ type: DNS_NAME, value })), ...unique(ipAddresses).map((ip) => ({ type: IP_ADDRESS, ip }))];
}

const unique = (values: readonly string[]) => [...new Set(values)];
