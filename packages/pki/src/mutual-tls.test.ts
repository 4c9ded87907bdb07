// The certificates in a real TLS handshake with verification on both sides.
import { request } from 'node:https';
import test from 'ava';
import { apiServerAltNames } from './apiserver-alt-names.js';
import { createCertificateAuthority } from './ca.js';
import type { CertificateAndKey } from './certificate.js';
import { issueClientCertificate } from './client-certificate.js';
import { issueServingCertificate } from './serving-certificate.js';
import { startWhoamiServer, type WhoamiServer } from './whoami-server.test-support.js';

const ca = createCertificateAuthority();
const serving = issueServingCertificate(ca, { commonName: 'kube-apiserver', ...apiServerAltNames() });
const node = issueClientCertificate(ca, { username: 'system:node:worker-1', groups: ['system:nodes', 'extra'] });
let server: WhoamiServer;

test.before(async () => {
  server = await startWhoamiServer(ca, serving);
});
test.after.always(() => server?.close());

/** GET / on the server at 127.0.0.1, checking its certificate for `servername` (or the IP when absent). */
function whoami(client: CertificateAndKey, servername?: string, trusted = ca.certPem): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, servername, ca: trusted, cert: client.certPem, key: client.keyPem, agent: false }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve(JSON.parse(body)));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

test.serial('a client certificate from the CA is accepted and the server reads its user and groups', async (t) => {
  t.deepEqual(await whoami(node, 'localhost'), { username: 'system:node:worker-1', groups: ['system:nodes', 'extra'] });
});

test.serial('the serving certificate passes hostname checks for 127.0.0.1, localhost and the kubernetes Service names', async (t) => {
  for (const name of [undefined, 'localhost', 'kubernetes', 'kubernetes.default.svc.cluster.local']) {
    t.like(await whoami(node, name), { username: 'system:node:worker-1' }, name ?? '127.0.0.1');
  }
});

test.serial('a name the certificate does not list fails the hostname check', async (t) => {
  await t.throwsAsync(whoami(node, 'example.com'), { code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
});

test.serial('a client certificate from another CA is refused in the handshake', async (t) => {
  const before = server.handled();
  const stranger = issueClientCertificate(createCertificateAuthority(), { username: 'mallory', groups: ['system:masters'] });
  await t.throwsAsync(whoami(stranger, 'localhost'));
  t.is(server.handled(), before, 'the request never reached the handler');
});

test.serial('a client that does not trust the CA refuses the server', async (t) => {
  await t.throwsAsync(whoami(node, 'localhost', createCertificateAuthority().certPem), { message: /certificate/ });
});
