import { readFileSync } from 'node:fs';
import { Server, ServerCredentials } from '@grpc/grpc-js';
import { ClusterService, KVService, LeaseService, MaintenanceService, WatchService } from '@kubeling/proto/etcd';
import type { StoreFlags } from '../flags.js';
import { leaseService } from '../lease/lease-service.js';
import { maintenanceService } from '../maintenance/maintenance-service.js';
import type { StoreContext } from '../store-context.js';
import { clusterService } from './cluster-service.js';
import { kvService } from './kv-service.js';
import { watchService } from './watch-service.js';

/** The transport's own cap; requests between etcd's limit and this get etcd's refusal (checkMessageSize). */
const HARD_MESSAGE_CAP = 64 * 1024 * 1024;

function credentialsFor(url: URL, flags: StoreFlags): ServerCredentials {
  if (url.protocol === 'http:' || url.protocol === 'unix:') return ServerCredentials.createInsecure();
  const ca = flags.trustedCaFile ? readFileSync(flags.trustedCaFile) : null;
  // A trusted CA means mutual TLS: clients must present a certificate it signed.
  const requireClientCert = flags.clientCertAuth || ca !== null;
  return ServerCredentials.createSsl(ca, [{ cert_chain: readFileSync(flags.certFile!), private_key: readFileSync(flags.keyFile!) }], requireClientCert);
}

function bindAddress(url: URL): string {
  if (url.protocol === 'unix:' || url.protocol === 'unixs:') return `unix:${url.pathname || url.host}`;
  return url.host;
}

export async function startGrpcServer(ctx: StoreContext, flags: StoreFlags): Promise<{ server: Server; ports: number[] }> {
  const server = new Server({
    'grpc.max_receive_message_length': Math.max(HARD_MESSAGE_CAP, 2 * flags.maxRequestBytes),
    'grpc.max_send_message_length': -1,
    'grpc.keepalive_permit_without_calls': 1,
  });
  server.addService(KVService, kvService(ctx));
  server.addService(WatchService, watchService(ctx));
  server.addService(LeaseService, leaseService(ctx));
  server.addService(MaintenanceService, maintenanceService(ctx));
  server.addService(ClusterService, clusterService(ctx, { clientURLs: flags.advertiseClientUrls, peerURLs: flags.initialAdvertisePeerUrls }));
  const ports: number[] = [];
  for (const raw of flags.listenClientUrls) {
    const url = new URL(raw);
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync(bindAddress(url), credentialsFor(url, flags), (err, p) => (err ? reject(new Error(`cannot listen on ${raw}: ${err.message}`)) : resolve(p))),
    );
    ports.push(port);
  }
  return { server, ports };
}
