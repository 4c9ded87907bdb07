// The store on https:// with mutual TLS, reached by the real etcdctl with and without a client certificate.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import test from 'ava';
import { freePort, ManagedProcess, tsEntryArgs, waitFor } from '@kubeling/testing';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'kubeling-tls-'));
const file = (name: string) => join(dir, name);
let store: ManagedProcess | undefined;

/** A CA, a server certificate for 127.0.0.1 and a client certificate, made with openssl. */
async function makeCertificates(): Promise<void> {
  const openssl = (...args: string[]) => run('openssl', args);
  await openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=kubeling-test-ca', '-keyout', file('ca.key'), '-out', file('ca.crt'));
  writeFileSync(file('san.ext'), 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth,clientAuth\n');
  for (const who of ['server', 'client']) {
    await openssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', `/CN=${who}`, '-keyout', file(`${who}.key`), '-out', file(`${who}.csr`));
    await openssl('x509', '-req', '-in', file(`${who}.csr`), '-CA', file('ca.crt'), '-CAkey', file('ca.key'), '-CAcreateserial', '-days', '1', '-extfile', file('san.ext'), '-out', file(`${who}.crt`));
  }
}

const etcdctl = (endpoint: string, ...args: string[]) =>
  run('etcdctl', ['--endpoints', `https://${endpoint}`, '--cacert', file('ca.crt'), '--dial-timeout', '2s', '--command-timeout', '3s', ...args], {
    env: { ...process.env, ETCDCTL_API: '3' },
  });

test.after.always(async () => {
  await store?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('with --trusted-ca-file the store serves TLS and requires a client certificate signed by that CA', async (t) => {
  await makeCertificates();
  const endpoint = `127.0.0.1:${await freePort()}`;
  store = new ManagedProcess({
    command: process.execPath,
    args: [
      ...tsEntryArgs('services/store/src/main.ts'),
      '--data-dir', file('data'),
      '--listen-client-urls', `https://${endpoint}`,
      '--cert-file', file('server.crt'),
      '--key-file', file('server.key'),
      '--trusted-ca-file', file('ca.crt'),
    ],
    logFile: file('store.log'),
  });
  const withCert = ['--cert', file('client.crt'), '--key', file('client.key')];
  await waitFor(() => etcdctl(endpoint, ...withCert, 'endpoint', 'health').then(() => true), { what: 'the TLS store' });
  await etcdctl(endpoint, ...withCert, 'put', 'secure', 'yes');
  t.is((await etcdctl(endpoint, ...withCert, 'get', 'secure', '--print-value-only')).stdout, 'yes\n');
  await t.throwsAsync(etcdctl(endpoint, 'get', 'secure'), undefined, 'no client certificate, no access');
  await t.throwsAsync(
    run('etcdctl', ['--endpoints', `http://${endpoint}`, '--dial-timeout', '2s', '--command-timeout', '3s', 'get', 'secure'], { env: { ...process.env, ETCDCTL_API: '3' } }),
    undefined,
    'plaintext is refused',
  );
});
