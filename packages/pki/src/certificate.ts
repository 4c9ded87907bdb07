import { randomBytes } from 'node:crypto';
import forge from 'node-forge';

/** A certificate and its private key, PEM-encoded. */
export interface CertificateAndKey {
  certPem: string;
  keyPem: string;
}

/** The subject as Kubernetes reads it: CN is the user, each O a group. */
export interface Subject {
  commonName: string;
  organizations?: readonly string[];
}

/** A node-forge extension description, e.g. `{ name: 'keyUsage', digitalSignature: true }`. */
export type Extension = Record<string, unknown> & { name: string };

/** What a certificate says about its subject; the signer adds issuer, serial and key identifiers. */
export interface CertificateTemplate {
  subject: Subject;
  publicKeyPem: string;
  validityDays: number;
  extensions: Extension[];
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** kubeadm backdates certificates so that a little clock skew between machines does not reject them. */
const BACKDATE_MS = 5 * 60 * 1000;

/** Signs the template with its own key: the issuer is the subject. */
export function selfSign(template: CertificateTemplate, keyPem: string): string {
  const cert = certificateFrom(template);
  cert.setIssuer(cert.subject.attributes);
  return signed(cert, keyPem);
}

/** Signs the template with an issuing CA, naming the CA as issuer and its key as authority key. */
export function signWith(template: CertificateTemplate, issuer: CertificateAndKey): string {
  const caCert = forge.pki.certificateFromPem(issuer.certPem);
  const cert = certificateFrom(template, { name: 'authorityKeyIdentifier', keyIdentifier: keyIdentifierOf(caCert) });
  // The CA's subject attributes are reused as parsed, so the issuer name matches it byte for byte.
  cert.setIssuer(caCert.subject.attributes);
  return signed(cert, issuer.keyPem);
}

function certificateFrom(template: CertificateTemplate, ...moreExtensions: Extension[]): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.serialNumber = randomSerialNumber();
  const now = Date.now();
  cert.validity.notBefore = new Date(now - BACKDATE_MS);
  cert.validity.notAfter = new Date(now + template.validityDays * DAY_MS);
  cert.setSubject(subjectAttributes(template.subject));
  // The public key must be set first: the subjectKeyIdentifier extension is computed from it.
  cert.publicKey = forge.pki.publicKeyFromPem(template.publicKeyPem);
  cert.setExtensions([...template.extensions, { name: 'subjectKeyIdentifier' }, ...moreExtensions]);
  return cert;
}

function signed(cert: forge.pki.Certificate, keyPem: string): string {
  cert.sign(forge.pki.privateKeyFromPem(keyPem), forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}

/** O entries before CN, the order Go writes them; UTF8String so any user or group name fits. */
function subjectAttributes(subject: Subject): forge.pki.CertificateField[] {
  // @types/node-forge types valueTagClass as a Class, but forge reads it as the value's Type tag.
  const utf8 = (shortName: string, value: string) => ({ shortName, value, valueTagClass: forge.asn1.Type.UTF8 as unknown as forge.asn1.Class });
  return [...(subject.organizations ?? []).map((group) => utf8('O', group)), utf8('CN', subject.commonName)];
}

/** 128 random bits with the top bit clear and the next set: a positive, minimally encoded DER integer, as Go requires. */
function randomSerialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] & 0x3f) | 0x40;
  return bytes.toString('hex');
}

/** The CA's own subjectKeyIdentifier when it has one, else the identifier computed from its key. */
function keyIdentifierOf(caCert: forge.pki.Certificate): string {
  const ski = caCert.getExtension('subjectKeyIdentifier') as { subjectKeyIdentifier?: string } | undefined;
  return ski?.subjectKeyIdentifier ? forge.util.hexToBytes(ski.subjectKeyIdentifier) : caCert.generateSubjectKeyIdentifier().getBytes();
}
