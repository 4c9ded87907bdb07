import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { CertificateAuthority } from './ca.js';
import type { CertificateAndKey } from './certificate.js';
import { userFromCertificate } from './user-from-certificate.js';

/** An https server on 127.0.0.1 that requires a client certificate from the CA and answers with the user it names. */
export interface WhoamiServer {
  port: number;
  /** How many requests reached the handler, i.e. passed the TLS handshake. */
  handled: () => number;
  close: () => Promise<void>;
}

export async function startWhoamiServer(ca: CertificateAuthority, serving: CertificateAndKey): Promise<WhoamiServer> {
  let handled = 0;
  const server: Server = createServer({ key: serving.keyPem, cert: serving.certPem, ca: ca.certPem, requestCert: true, rejectUnauthorized: true }, (req, res) => {
    handled++;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(userFromCertificate((req.socket as TLSSocket).getPeerCertificate()) ?? null));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    handled: () => handled,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
