import { readFileSync } from 'node:fs';
import { clusterPkiFiles } from '@kubeling/pki';
import type { Component } from './components.js';
import { waitForEtcdApi, waitForLogLine, waitForReadyz } from './readiness.js';
import { logFile, logSize, runningPid, startDetached, type ProcessRecord } from './supervisor.js';

/** When a process just started counts as ready; `logFrom` is where its log began this run. */
type Readiness = (record: ProcessRecord, dataDir: string, alive: () => boolean, logFrom: number) => Promise<void>;

const READINESS: Record<string, Readiness> = {
  store: (record, _dataDir, alive) => waitForEtcdApi(record.endpoint!, alive),
  apiserver: (record, dataDir, alive) => waitForReadyz(record.endpoint!, readFileSync(clusterPkiFiles(dataDir).ca.publicPath, 'utf8'), alive),
  // Each acts only while it holds its kube-system Lease.
  scheduler: (record, dataDir, alive, logFrom) => waitForLogLine(logFile(dataDir, record.name), logFrom, '"msg":"started leading"', alive),
  'controller-manager': (record, dataDir, alive, logFrom) => waitForLogLine(logFile(dataDir, record.name), logFrom, '"msg":"started leading"', alive),
  // Ready once its runtime answers and node IPAM gave the node its pod CIDR.
  kubelet: (record, dataDir, alive, logFrom) => waitForLogLine(logFile(dataDir, record.name), logFrom, '"ready":true', alive, 120_000),
};

/** Starts a recorded process detached and waits until it is ready: `up` and `start` alike. */
export async function launch(dataDir: string, c: Component, record: ProcessRecord): Promise<void> {
  const logFrom = logSize(dataDir, record.name);
  startDetached(dataDir, c, record);
  await READINESS[c.name]!(record, dataDir, () => runningPid(dataDir, record) !== undefined, logFrom);
}
