import { GrpcServer } from '@kubeling/grpc-server';
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

export async function startGrpcServer(ctx: StoreContext, flags: StoreFlags): Promise<{ server: GrpcServer; ports: number[] }> {
  const server = new GrpcServer({
    maxReceiveMessageLength: Math.max(HARD_MESSAGE_CAP, 2 * flags.maxRequestBytes),
    onInternalError: (err, method) => ctx.log.error({ err, method }, 'call failed'),
  });
  server.addService(KVService, kvService(ctx));
  server.addService(WatchService, watchService(ctx));
  server.addService(LeaseService, leaseService(ctx));
  server.addService(MaintenanceService, maintenanceService(ctx));
  server.addService(ClusterService, clusterService(ctx, { clientURLs: flags.advertiseClientUrls, peerURLs: flags.initialAdvertisePeerUrls }));
  const tls = flags.certFile && flags.keyFile ? { certFile: flags.certFile, keyFile: flags.keyFile, trustedCaFile: flags.trustedCaFile, clientCertAuth: flags.clientCertAuth } : undefined;
  const ports: number[] = [];
  for (const raw of flags.listenClientUrls) {
    try {
      ports.push(await server.listen(new URL(raw), tls));
    } catch (err) {
      throw new Error(`cannot listen on ${raw}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return { server, ports };
}
