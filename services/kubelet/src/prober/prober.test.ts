import test, { type ExecutionContext } from 'ava';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Container } from 'kubernetes-types/core/v1.js';
import { exited, FakeClock, FakeExec } from './fakes.test-support.js';
import { Prober } from './prober.js';

const target = (container: Container) => ({ container, containerId: 'c1', podIP: '127.0.0.1' });

/** An HTTP server on 127.0.0.1 for the test's length; resolves to its port. */
async function serve(t: ExecutionContext, handler?: http.RequestListener): Promise<number> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => server.close());
  return (server.address() as AddressInfo).port;
}

test('a failed probe is a failure with an Unhealthy event worded as Kubernetes', async (t) => {
  const port = await serve(t, (_req, res) => res.writeHead(500).end());
  const container = { name: 'web', ports: [{ name: 'http', containerPort: port }] };
  const verdict = await new Prober(new FakeExec(), new FakeClock()).probe('liveness', { httpGet: { port: 'http', path: '/' } }, 1, target(container));
  t.deepEqual(verdict, {
    result: 'Failure',
    errored: false,
    event: { type: 'Warning', reason: 'Unhealthy', message: 'Liveness probe failed: HTTP probe failed with statuscode: 500' },
  });
});

test('an exec probe runs the expanded command in the container; its output goes into the event', async (t) => {
  const exec = new FakeExec();
  exec.answer = () => exited(1, '', 'not ready yet');
  const container = { name: 'app', env: [{ name: 'F', value: '/ready' }] };
  const verdict = await new Prober(exec, new FakeClock()).probe('readiness', { exec: { command: ['test', '-f', '$(F)'] } }, 1, target(container));
  t.deepEqual(exec.calls, [{ containerId: 'c1', cmd: ['test', '-f', '/ready'], timeout: 1n }]);
  t.is(verdict.event?.message, 'Readiness probe failed: not ready yet');
});

test('a redirect to another host is a success with a ProbeWarning event', async (t) => {
  const port = await serve(t, (_req, res) => res.writeHead(302, { location: 'http://example.com/' }).end('elsewhere'));
  const verdict = await new Prober(new FakeExec(), new FakeClock()).probe('startup', { httpGet: { port, path: '/' } }, 1, target({ name: 'web' }));
  t.deepEqual(verdict, {
    result: 'Success',
    errored: false,
    event: { type: 'Warning', reason: 'ProbeWarning', message: 'Startup probe warning: Probe terminated redirects, Response body: elsewhere' },
  });
});

test('a probe that cannot run (unknown port name, runtime error) errored: retried, then reported as such', async (t) => {
  const exec = new FakeExec();
  exec.answer = () => Promise.reject(Object.assign(new Error('gone'), { code: 5, details: 'container c1 not found' }));
  const prober = new Prober(exec, new FakeClock());
  const execVerdict = await prober.probe('liveness', { exec: { command: ['true'] } }, 1, target({ name: 'app' }));
  t.is(exec.calls.length, 3, 'three attempts');
  t.deepEqual(execVerdict, {
    result: 'Failure',
    errored: true,
    event: { type: 'Warning', reason: 'Unhealthy', message: 'Liveness probe errored: rpc error: code = NotFound desc = container c1 not found' },
  });
  const tcpVerdict = await prober.probe('readiness', { tcpSocket: { port: 'metrics' } }, 1, target({ name: 'app' }));
  t.is(tcpVerdict.event?.message, 'Readiness probe errored: strconv.Atoi: parsing "metrics": invalid syntax');
  t.true(tcpVerdict.errored);
});

test('a tcpSocket probe resolves a named port; a gRPC probe is reported as not supported', async (t) => {
  const container = { name: 'db', ports: [{ name: 'sql', containerPort: await serve(t) }] };
  const prober = new Prober(new FakeExec(), new FakeClock());
  t.deepEqual(await prober.probe('liveness', { tcpSocket: { port: 'sql' } }, 1, target(container)), { result: 'Success', errored: false });
  const grpc = await prober.probe('readiness', { grpc: { port: 9090 } }, 1, target(container));
  t.true(grpc.errored);
  t.is(grpc.event?.message, 'Readiness probe errored: gRPC probes are not supported by this kubelet');
});
