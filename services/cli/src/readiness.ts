import { credentials, Metadata } from '@grpc/grpc-js';
import { MaintenanceClient } from '@kubeling/proto/etcd';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { createServer } from 'node:net';

/** A free TCP port on 127.0.0.1, chosen by the OS. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Waits until an etcd-API endpoint answers Maintenance.Status, or `isAlive` says the process died. */
export async function waitForEtcdApi(endpoint: string, isAlive: () => boolean, timeoutMs = 30_000): Promise<void> {
  const client = new MaintenanceClient(endpoint, credentials.createInsecure());
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      const ok = await new Promise<boolean>((resolve) =>
        client.status({}, new Metadata(), { deadline: Date.now() + 1000 }, (err) => resolve(!err)),
      );
      if (ok) return;
      if (!isAlive()) throw new Error(`the process serving ${endpoint} exited; see its log`);
      if (Date.now() > deadline) throw new Error(`${endpoint} did not answer within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    client.close();
  }
}

/** Waits until an https endpoint's /readyz answers 200, trusting `ca`. */
export async function waitForReadyz(url: string, ca: string, isAlive: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const code = await new Promise<number>((resolve) => {
      const req = httpsRequest(`${url}/readyz`, { ca, timeout: 1000 }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', () => resolve(0));
      req.on('timeout', () => req.destroy());
      req.end();
    });
    if (code === 200) return;
    if (!isAlive()) throw new Error(`the process serving ${url} exited; see its log`);
    if (Date.now() > deadline) throw new Error(`${url}/readyz did not answer 200 within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** What a file holds past byte `from`. */
function readFrom(file: string, from: number): string {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(Math.max(0, fstatSync(fd).size - from));
    readSync(fd, buffer, 0, buffer.length, from);
    return buffer.toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/** Waits until a log shows `text` past byte `from` (where it ended before this run: earlier runs' lines do not count). */
export async function waitForLogLine(file: string, from: number, text: string, isAlive: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (readFrom(file, from).includes(text)) return;
    if (!isAlive()) throw new Error(`the process logging to ${file} exited; see its log`);
    if (Date.now() > deadline) throw new Error(`${file} did not show ${text} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
