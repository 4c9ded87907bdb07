import { createPrivateKey, X509Certificate } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { apiServerAltNames, type ApiServerAltNameOptions } from './apiserver-alt-names.js';
import { createCertificateAuthority, loadCertificateAuthority, type CertificateAuthority } from './ca.js';
import type { CertificateAndKey } from './certificate.js';
import { issueClientCertificate } from './client-certificate.js';
import { generateKeyPair, type KeyPair } from './key-pair.js';
import { readOrCreatePemPair, type PemPair, type PemPairPaths } from './pem-files.js';
import { issueServingCertificate } from './serving-certificate.js';
import { wellKnownUsers, type UserInfo } from './user-info.js';

/** Where each part of the cluster PKI lives under the data directory, with kubeadm's file names. */
export interface ClusterPkiFiles {
  dir: string;
  ca: PemPairPaths;
  apiServer: PemPairPaths;
  serviceAccount: PemPairPaths;
  admin: PemPairPaths;
  scheduler: PemPairPaths;
  controllerManager: PemPairPaths;
}

/** The contents of the cluster PKI. */
export interface ClusterPki {
  files: ClusterPkiFiles;
  ca: CertificateAuthority;
  apiServer: CertificateAndKey;
  /** Signs and verifies service-account tokens (sa.key, sa.pub). */
  serviceAccount: KeyPair;
  admin: CertificateAndKey;
  scheduler: CertificateAndKey;
  controllerManager: CertificateAndKey;
}

export function clusterPkiFiles(dataDir: string): ClusterPkiFiles {
  const dir = join(dataDir, 'pki');
  const certAndKey = (name: string) => ({ publicPath: join(dir, `${name}.crt`), privatePath: join(dir, `${name}.key`) });
  return {
    dir,
    ca: certAndKey('ca'),
    apiServer: certAndKey('apiserver'),
    serviceAccount: { publicPath: join(dir, 'sa.pub'), privatePath: join(dir, 'sa.key') },
    admin: certAndKey('admin'),
    scheduler: certAndKey('kube-scheduler'),
    controllerManager: certAndKey('kube-controller-manager'),
  };
}

/**
 * Makes the cluster PKI under `<dataDir>/pki`, reusing every file that exists (never
 * overwriting one) and refusing certificates that the CA on disk did not sign.
 * The alt names only matter when apiserver.crt is created.
 */
export function writeClusterPki(dataDir: string, altNames: ApiServerAltNameOptions = {}): ClusterPki {
  const files = clusterPkiFiles(dataDir);
  mkdirSync(files.dir, { recursive: true });
  const caPair = readOrCreatePemPair(files.ca, () => asPemPair(createCertificateAuthority()));
  const ca = loadCertificateAuthority(caPair.publicPem, caPair.privatePem);
  const signed = (paths: PemPairPaths, issue: () => CertificateAndKey) => checkedCertificate(ca, paths, readOrCreatePemPair(paths, () => asPemPair(issue())));
  const client = (paths: PemPairPaths, user: UserInfo) => signed(paths, () => issueClientCertificate(ca, user));
  const serviceAccount = readOrCreatePemPair(files.serviceAccount, () => {
    const { privateKeyPem, publicKeyPem } = generateKeyPair();
    return { publicPem: publicKeyPem, privatePem: privateKeyPem };
  });
  return {
    files,
    ca,
    apiServer: signed(files.apiServer, () => issueServingCertificate(ca, { commonName: 'kube-apiserver', ...apiServerAltNames(altNames) })),
    serviceAccount: { publicKeyPem: serviceAccount.publicPem, privateKeyPem: serviceAccount.privatePem },
    admin: client(files.admin, wellKnownUsers.admin),
    scheduler: client(files.scheduler, wellKnownUsers.scheduler),
    controllerManager: client(files.controllerManager, wellKnownUsers.controllerManager),
  };
}

const asPemPair = ({ certPem, keyPem }: CertificateAndKey): PemPair => ({ publicPem: certPem, privatePem: keyPem });

/** A reused certificate must come from this CA and match its key, or the cluster would not trust it. */
function checkedCertificate(ca: CertificateAuthority, paths: PemPairPaths, pair: PemPair): CertificateAndKey {
  const cert = new X509Certificate(pair.publicPem);
  const caCert = new X509Certificate(ca.certPem);
  if (!cert.checkIssued(caCert) || !cert.verify(caCert.publicKey)) throw new Error(`${paths.publicPath} is not signed by the cluster CA`);
  if (!cert.checkPrivateKey(createPrivateKey(pair.privatePem))) throw new Error(`${paths.privatePath} is not the key of ${paths.publicPath}`);
  return { certPem: pair.publicPem, keyPem: pair.privatePem };
}
