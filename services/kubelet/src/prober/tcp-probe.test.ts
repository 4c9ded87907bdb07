import test from 'ava';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { freePort } from '@kubeling/testing';
import { tcpProbe } from './tcp-probe.js';

test('a connection that opens is a success and is closed at once', async (t) => {
  const server = net.createServer((socket) => socket.on('end', () => socket.end()));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => server.close());
  const { port } = server.address() as AddressInfo;
  t.deepEqual(await tcpProbe('127.0.0.1', port, 5000), { result: 'Success', output: '' });
  await new Promise<void>((resolve) => setTimeout(resolve, 50));
  const open = await new Promise<number>((resolve, reject) => server.getConnections((err, count) => (err ? reject(err) : resolve(count))));
  t.is(open, 0, 'the probe connection was closed');
});

test('a refused connection is a failure worded as Go dials', async (t) => {
  const port = await freePort();
  t.deepEqual(await tcpProbe('127.0.0.1', port, 5000), { result: 'Failure', output: `dial tcp 127.0.0.1:${port}: connect: connection refused` });
});
