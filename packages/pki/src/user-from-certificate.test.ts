import { X509Certificate } from 'node:crypto';
import type { PeerCertificate } from 'node:tls';
import test from 'ava';
import { createCertificateAuthority } from './ca.js';
import { issueClientCertificate } from './client-certificate.js';
import { userFromCertificate } from './user-from-certificate.js';

const ca = createCertificateAuthority();
const alice = issueClientCertificate(ca, { username: 'alice', groups: ['system:masters', 'devs'] }).certPem;
const bob = issueClientCertificate(ca, { username: 'system:node:bob', groups: ['system:nodes'] }).certPem;

test('reads the user from PEM text, PEM bytes, DER bytes and an X509Certificate', (t) => {
  const expected = { username: 'alice', groups: ['system:masters', 'devs'] };
  t.deepEqual(userFromCertificate(alice), expected);
  t.deepEqual(userFromCertificate(Buffer.from(alice)), expected);
  t.deepEqual(userFromCertificate(new X509Certificate(alice).raw), expected);
  t.deepEqual(userFromCertificate(new X509Certificate(alice)), expected);
});

test('a single O is one group, a certificate without O has no groups', (t) => {
  t.deepEqual(userFromCertificate(bob), { username: 'system:node:bob', groups: ['system:nodes'] });
  const scheduler = issueClientCertificate(ca, { username: 'system:kube-scheduler', groups: [] }).certPem;
  t.deepEqual(userFromCertificate(scheduler), { username: 'system:kube-scheduler', groups: [] });
});

test('reads a peer certificate whose O is a string or an array', (t) => {
  const peer = (subject: object) => ({ subject }) as PeerCertificate;
  t.deepEqual(userFromCertificate(peer({ CN: 'carol', O: 'ops' })), { username: 'carol', groups: ['ops'] });
  t.deepEqual(userFromCertificate(peer({ CN: 'carol', O: ['ops', 'devs'] })), { username: 'carol', groups: ['ops', 'devs'] });
  t.deepEqual(userFromCertificate(peer({ CN: ['first', 'last'] })), { username: 'last', groups: [] }, 'the last CN, as Go keeps it');
});

test('no certificate or no CN authenticates nobody', (t) => {
  t.is(userFromCertificate({} as PeerCertificate), undefined, 'getPeerCertificate() without a client certificate');
  t.is(userFromCertificate({ subject: { O: 'ops' } } as unknown as PeerCertificate), undefined);
});
