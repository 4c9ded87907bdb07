import test from 'ava';
import { credentials, Metadata, status as grpcStatus } from '@grpc/grpc-js';
import { ResourcesClient } from '@kubeling/proto/api';
import { createPrivateKey, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { kubectl, startApiServerOverStore, type ApiServer, type ApiServerOverStore } from '@kubeling/testing';

let api: ApiServer;

let cluster: ApiServerOverStore | undefined;

test.before(async () => {
  cluster = await startApiServerOverStore();
  ({ api } = cluster);
});

test.after.always(async () => {
  await cluster?.stop();
});

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

/** A service account token as Kubernetes signs them (RS256 with sa.key). */
function token(claims: Record<string, unknown>, keyPem = readFileSync(join(api.dataDir, 'pki/sa.key'))): string {
  const input = `${b64({ alg: 'RS256', kid: '' })}.${b64(claims)}`;
  return `${input}.${sign('RSA-SHA256', Buffer.from(input), createPrivateKey(keyPem)).toString('base64url')}`;
}

const claims = (extra: Record<string, unknown> = {}) => ({
  iss: 'https://kubernetes.default.svc.cluster.local',
  sub: 'system:serviceaccount:default:robot',
  aud: ['https://kubernetes.default.svc.cluster.local'],
  exp: Math.floor(Date.now() / 1000) + 600,
  ...extra,
});

function get(path: string, bearer: string): Promise<{ code: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${api.url}${path}`, { ca: api.caCertPem, headers: { Authorization: `Bearer ${bearer}` } }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ code: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('a service account token signed with the service account key authenticates; a forged, expired or orphaned one is 401', async (t) => {
  t.is((await get('/api/v1/namespaces/default/configmaps', token(claims()))).code, 401, 'the account does not exist yet');
  const created = await kubectl(api.kubeconfig, ['create', 'serviceaccount', 'robot']);
  t.is(created.code, 0, created.stderr);
  const uid = JSON.parse((await kubectl(api.kubeconfig, ['get', 'serviceaccount', 'robot', '-o', 'json'])).stdout).metadata.uid;

  const ok = await get('/api/v1/namespaces/default/configmaps', token(claims({ 'kubernetes.io': { namespace: 'default', serviceaccount: { name: 'robot', uid } } })));
  t.is(ok.code, 200, ok.body);
  t.is(JSON.parse(ok.body).kind, 'ConfigMapList');

  const forged = token(claims(), readFileSync(join(api.dataDir, 'pki/ca.key')));
  t.is((await get('/api/v1/namespaces/default/configmaps', forged)).code, 401);
  t.is((await get('/api/v1/namespaces/default/configmaps', token(claims({ exp: Math.floor(Date.now() / 1000) - 10 })))).code, 401);
  t.is((await get('/api/v1/namespaces/default/configmaps', token(claims({ 'kubernetes.io': { serviceaccount: { name: 'robot', uid: 'another-uid' } } })))).code, 401);
  const garbage = await get('/api/v1/namespaces/default/configmaps', 'not.a.token');
  t.is(garbage.code, 401);
  t.like(JSON.parse(garbage.body), { kind: 'Status', reason: 'Unauthorized', code: 401 });
});

test('over gRPC a bearer token in the metadata authenticates without a client certificate; neither is UNAUTHENTICATED', async (t) => {
  await kubectl(api.kubeconfig, ['create', 'serviceaccount', 'grpc-robot']);
  const uid = JSON.parse((await kubectl(api.kubeconfig, ['get', 'serviceaccount', 'grpc-robot', '-o', 'json'])).stdout).metadata.uid;
  const bearer = token(claims({ sub: 'system:serviceaccount:default:grpc-robot', 'kubernetes.io': { namespace: 'default', serviceaccount: { name: 'grpc-robot', uid } } }));
  const client = new ResourcesClient(api.grpcEndpoint, credentials.createSsl(Buffer.from(api.caCertPem)));
  t.teardown(() => client.close());
  const list = (metadata: Metadata) =>
    new Promise<{ code: number; items: number }>((resolve) =>
      client.list({ ref: { group: '', version: 'v1', resource: 'configmaps', namespace: 'default', name: '', subresource: '' }, labelSelector: '', fieldSelector: '', resourceVersion: '', limit: 0n, continue: '' }, metadata, (err, res) =>
        resolve({ code: err?.code ?? 0, items: res?.items.length ?? -1 }),
      ),
    );
  const withToken = new Metadata();
  withToken.set('authorization', `Bearer ${bearer}`);
  t.like(await list(withToken), { code: 0 });
  t.is((await list(new Metadata())).code, grpcStatus.UNAUTHENTICATED);
  const forged = new Metadata();
  forged.set('authorization', `Bearer ${token(claims(), readFileSync(join(api.dataDir, 'pki/ca.key')))}`);
  t.is((await list(forged)).code, grpcStatus.UNAUTHENTICATED);
});
