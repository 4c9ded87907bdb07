import test from 'ava';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { createCertificateAuthority, issueServingCertificate } from '@kubeling/pki';
import { freePort } from '@kubeling/testing';
import type { HTTPGetAction } from 'kubernetes-types/core/v1.js';
import { httpGetRequest } from './http-get-request.js';
import { httpProbe } from './http-probe.js';

const container = { name: 'web', ports: [{ name: 'http', containerPort: 0 }] };
let port = 0;
let loops = 0;
const hits: string[] = [];

const server = http.createServer((req, res) => {
  hits.push(req.url ?? '');
  const [path] = (req.url ?? '').split('?');
  const status = /^\/status\/(\d+)$/.exec(path!);
  if (status) res.writeHead(Number(status[1])).end('body of the response');
  else if (path === '/ok') res.end('fine');
  else if (path === '/echo') res.end(JSON.stringify({ url: req.url, ...req.headers }));
  else if (path === '/to-ok') res.writeHead(302, { location: '/ok' }).end();
  else if (path === '/to-other-host') res.writeHead(302, { location: `http://localhost:${port}/ok` }).end('moved');
  else if (path === '/relative-to-echo') res.writeHead(301, { location: '/echo' }).end();
  else if (path === '/absolute-to-echo') res.writeHead(307, { location: `http://127.0.0.1:${port}/echo` }).end();
  else if (path === '/loop') {
    loops++;
    res.writeHead(302, { location: '/loop' }).end();
  } else if (path === '/slow') setTimeout(() => res.end('late'), 3000);
  else res.writeHead(404).end();
});

test.before(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  container.ports[0]!.containerPort = port;
});
test.after.always(() => {
  server.closeAllConnections();
  server.close();
});

const probe = (action: Omit<HTTPGetAction, 'port'> & { port?: HTTPGetAction['port'] }, timeoutMs = 5000) =>
  httpProbe(httpGetRequest({ port: 'http', ...action }, container, '127.0.0.1'), timeoutMs);

test.serial('200-299 is a success with the body as output; 300-399 not followed is a success with a warning', async (t) => {
  t.deepEqual(await probe({ path: '/ok' }), { result: 'Success', output: 'fine' });
  t.is((await probe({ path: '/status/204' })).result, 'Success');
  t.deepEqual(await probe({ path: '/status/399' }), { result: 'Warning', output: 'Probe terminated redirects, Response body: body of the response' });
});

test.serial('a status of 400 or more fails with the status code and without the body', async (t) => {
  t.deepEqual(await probe({ path: '/status/500' }), { result: 'Failure', output: 'HTTP probe failed with statuscode: 500' });
  t.deepEqual(await probe({ path: '/status/400' }), { result: 'Failure', output: 'HTTP probe failed with statuscode: 400' });
  t.deepEqual(await probe({ path: '/nope' }), { result: 'Failure', output: 'HTTP probe failed with statuscode: 404' });
});

test.serial('a redirect on the same host is followed; one to another host is not, and is a warning', async (t) => {
  t.deepEqual(await probe({ path: '/to-ok' }), { result: 'Success', output: 'fine' });
  hits.length = 0;
  t.deepEqual(await probe({ path: '/to-other-host' }), { result: 'Warning', output: 'Probe terminated redirects, Response body: moved' });
  t.deepEqual(hits, ['/to-other-host'], 'the other host was not asked');
});

test.serial('redirects stop after 10 requests with the error Go gives', async (t) => {
  loops = 0;
  t.deepEqual(await probe({ path: '/loop' }), { result: 'Failure', output: 'Get "/loop": stopped after 10 redirects' });
  t.is(loops, 10);
});

test.serial('the request carries kube-probe headers, the probe headers (canonical names, repeated values) and the path query', async (t) => {
  const { output } = await probe({ path: '/echo?x=1', httpHeaders: [{ name: 'x-custom', value: 'a' }, { name: 'X-Custom', value: 'b' }] });
  const echoed = JSON.parse(output) as Record<string, string>;
  t.is(echoed.url, '/echo?x=1');
  t.is(echoed['user-agent'], 'kube-probe/1.32');
  t.is(echoed.accept, '*/*');
  t.is(echoed['x-custom'], 'a, b');
  t.is(echoed.host, `127.0.0.1:${port}`);
  t.is(echoed.connection, 'close', 'no keep-alive');
});

test.serial('probe headers replace the defaults; an empty Accept sends none; Host names the virtual host', async (t) => {
  const { output } = await probe({ path: '/echo', httpHeaders: [{ name: 'user-agent', value: 'mine' }, { name: 'Accept', value: '' }, { name: 'Host', value: 'example.com' }] });
  const echoed = JSON.parse(output) as Record<string, string>;
  t.is(echoed['user-agent'], 'mine');
  t.false('accept' in echoed);
  t.is(echoed.host, 'example.com');
});

test.serial('a custom Host survives a relative redirect but not an absolute one', async (t) => {
  const headers = [{ name: 'Host', value: 'example.com' }];
  t.is((JSON.parse((await probe({ path: '/relative-to-echo', httpHeaders: headers })).output) as { host: string }).host, 'example.com');
  t.is((JSON.parse((await probe({ path: '/absolute-to-echo', httpHeaders: headers })).output) as { host: string }).host, `127.0.0.1:${port}`);
});

test.serial('the host defaults to the pod IP and the port may be a number', async (t) => {
  const request = httpGetRequest({ port: 8080, path: '/healthz', scheme: 'HTTP' }, container, '10.244.1.7');
  t.is(request.url.href, 'http://10.244.1.7:8080/healthz');
  t.is(httpGetRequest({ port: 'http', host: '127.0.0.1', path: 'ready' }, container, '10.244.1.7').url.href, `http://127.0.0.1:${port}/ready`);
});

test.serial('no answer within the timeout is a failure awaiting headers', async (t) => {
  t.deepEqual(await probe({ path: '/slow' }, 300), {
    result: 'Failure',
    output: `Get "http://127.0.0.1:${port}/slow": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`,
  });
});

test.serial('a refused connection is a failure worded as Go dials', async (t) => {
  const closed = await freePort();
  const request = httpGetRequest({ port: closed, path: '/healthz' }, container, '127.0.0.1');
  t.deepEqual(await httpProbe(request, 5000), {
    result: 'Failure',
    output: `Get "http://127.0.0.1:${closed}/healthz": dial tcp 127.0.0.1:${closed}: connect: connection refused`,
  });
});

test.serial('an HTTPS probe does not verify the certificate', async (t) => {
  const certificate = issueServingCertificate(createCertificateAuthority(), { commonName: 'pod', dnsNames: [], ipAddresses: [] });
  const tls = https.createServer({ cert: certificate.certPem, key: certificate.keyPem }, (_req, res) => res.end('secure'));
  await new Promise<void>((resolve) => tls.listen(0, '127.0.0.1', resolve));
  t.teardown(() => tls.close());
  const request = httpGetRequest({ port: (tls.address() as AddressInfo).port, path: '/', scheme: 'HTTPS' }, container, '127.0.0.1');
  t.deepEqual(await httpProbe(request, 5000), { result: 'Success', output: 'secure' });
});
