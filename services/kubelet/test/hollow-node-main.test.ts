import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiClient, type KubeObject } from '@kubeling/client';
import { ManagedProcess, runEntry, startApiServerOverStore, tsEntryArgs, waitFor, type ApiServerOverStore } from '@kubeling/testing';
import type { Node } from 'kubernetes-types/core/v1.js';

const ENTRY = 'services/kubelet/src/hollow/main.ts';

let cluster: ApiServerOverStore | undefined;
let client: ApiClient | undefined;

test.after.always(async () => {
  client?.close();
  await cluster?.stop();
});

const run = (args: string[]) => runEntry(ENTRY, args);

test('an unknown flag exits 2 naming it', async (t) => {
  const { code, stderr } = await run(['--kubeconfig', 'k', '--grpc-server', '127.0.0.1:1', '--count', '1', '--nodes', '3']);
  t.is(code, 2);
  t.is(stderr, 'kubeling hollow-node: unknown flag: --nodes\n');
});

test('the process registers its nodes from a kubeconfig, logs JSON lines, and exits 0 on SIGTERM', async (t) => {
  cluster = await startApiServerOverStore();
  const { api } = cluster;
  client = new ApiClient({ endpoints: [api.grpcEndpoint], caCertPem: api.caCertPem, ...api.admin });
  const logFile = join(api.dataDir, 'hollow-node.log');
  const args = ['--kubeconfig', api.kubeconfig, '--grpc-server', api.grpcEndpoint, '--count', '50', '--name-prefix', 'main-', '--zones', '2', '--capacity-cpu=8'];
  const hollow = new ManagedProcess({ command: process.execPath, args: [...tsEntryArgs(ENTRY), ...args], logFile });
  t.teardown(() => hollow.stop());

  const nodes = await waitFor(
    async () => {
      const items = (await client!.list<Node & KubeObject>({ version: 'v1', resource: 'nodes' })).items.filter((n) => n.metadata!.name!.startsWith('main-'));
      return items.length === 50 && items.every((n) => n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')) ? items : undefined;
    },
    { timeoutMs: 60_000, what: '50 Ready nodes' },
  );
  t.true(nodes.every((n) => n.status?.capacity?.cpu === '8'));

  await waitFor(() => readFileSync(logFile, 'utf8').includes('"hollow nodes running"'), { what: 'the running line' });
  await hollow.stop();
  t.deepEqual(await hollow.exited, { code: 0, signal: null });
  const lines = readFileSync(logFile, 'utf8').trim().split('\n');
  t.true(lines.every((line) => typeof JSON.parse(line).msg === 'string'), 'every line is a JSON event');
  t.true(lines.some((line) => JSON.parse(line).msg === 'stopping'));
});
