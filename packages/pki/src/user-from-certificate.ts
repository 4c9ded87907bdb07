import { X509Certificate } from 'node:crypto';
import type { PeerCertificate } from 'node:tls';
import type { UserInfo } from './user-info.js';

/** A certificate as PEM text, PEM or DER bytes, a parsed X509Certificate, or what `tlsSocket.getPeerCertificate()` returns. */
export type CertificateInput = string | Buffer | X509Certificate | PeerCertificate;

/**
 * The user a client certificate names, read as Kubernetes' x509 authenticator reads it:
 * the CN is the username (the last one, as Go keeps), every O is a group. Undefined when
 * there is no certificate or no CN, which Kubernetes does not authenticate either.
 */
export function userFromCertificate(certificate: CertificateInput): UserInfo | undefined {
  const subject = subjectOf(certificate);
  const username = values(subject?.CN).at(-1);
  if (!username) return undefined;
  return { username, groups: values(subject?.O) };
}

/** Node gives a subject field as a string when it occurs once and as an array when it repeats. */
function values(field: string | string[] | undefined): string[] {
  if (field === undefined) return [];
  return Array.isArray(field) ? field : [field];
}

function subjectOf(certificate: CertificateInput): PeerCertificate['subject'] | undefined {
  if (typeof certificate === 'string' || Buffer.isBuffer(certificate)) return new X509Certificate(certificate).toLegacyObject().subject;
  if (certificate instanceof X509Certificate) return certificate.toLegacyObject().subject;
  return certificate.subject;
}
