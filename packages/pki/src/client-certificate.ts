import { signWith, type CertificateAndKey } from './certificate.js';
import type { CertificateAuthority } from './ca.js';
import { generateKeyPair } from './key-pair.js';
import type { UserInfo } from './user-info.js';

/** A new key and a client certificate (clientAuth) for the user: CN = username, one O per group. */
export function issueClientCertificate(ca: CertificateAuthority, user: UserInfo, validityDays = 365): CertificateAndKey {
  const { privateKeyPem, publicKeyPem } = generateKeyPair();
  const certPem = signWith(
    {
      subject: { commonName: user.username, organizations: user.groups },
      publicKeyPem,
      validityDays,
      extensions: [
        { name: 'basicConstraints', cA: false, critical: true },
        { name: 'keyUsage', critical: true, digitalSignature: true, keyEncipherment: true },
        { name: 'extKeyUsage', clientAuth: true },
      ],
    },
    ca,
  );
  return { certPem, keyPem: privateKeyPem };
}
