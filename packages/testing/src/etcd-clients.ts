import { credentials, Metadata, type ChannelCredentials } from '@grpc/grpc-js';
import { ClusterClient, KVClient, LeaseClient, MaintenanceClient, WatchClient } from '@kubeling/proto/etcd';

/** grpc-js clients for every etcd v3 service the store serves, on one endpoint (host:port). */
export interface EtcdClients {
  kv: KVClient;
  watch: WatchClient;
  lease: LeaseClient;
  maintenance: MaintenanceClient;
  cluster: ClusterClient;
  close(): void;
}

export function etcdClients(endpoint: string, creds: ChannelCredentials = credentials.createInsecure()): EtcdClients {
  const options = { 'grpc.max_receive_message_length': 64 * 1024 * 1024, 'grpc.max_send_message_length': 64 * 1024 * 1024 };
  const kv = new KVClient(endpoint, creds, options);
  // Every client shares kv's channel, as one etcd clientv3 connection does.
  const shared = { ...options, channelOverride: kv.getChannel() };
  const clients = {
    kv,
    watch: new WatchClient(endpoint, creds, shared),
    lease: new LeaseClient(endpoint, creds, shared),
    maintenance: new MaintenanceClient(endpoint, creds, shared),
    cluster: new ClusterClient(endpoint, creds, shared),
  };
  return { ...clients, close: () => kv.close() };
}

/** Resolves once the endpoint answers Maintenance.Status. */
export function statusOnce(clients: EtcdClients, deadlineMs = 1_000): Promise<void> {
  return new Promise((resolve, reject) => {
    clients.maintenance.status({}, new Metadata(), { deadline: Date.now() + deadlineMs }, (error) => (error ? reject(error) : resolve()));
  });
}
