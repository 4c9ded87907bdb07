export { freePort } from './free-port.js';
export { waitFor, type WaitOptions } from './wait-for.js';
export { ManagedProcess, type ProcessSpec } from './managed-process.js';
export { repoRoot, tsEntryArgs } from './repo.js';
export { etcdClients, statusOnce, type EtcdClients } from './etcd-clients.js';
export { startStore, startEtcd, type EtcdServer, type ServerOptions } from './etcd-servers.js';
export * from './etcd-requests.js';
export { etcdCalls, grpcStatusOf, type EtcdCalls } from './etcd-calls.js';
export { etcdErrors } from './etcd-errors.js';
