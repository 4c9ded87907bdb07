import { readFileSync } from 'node:fs';
import { EtcdClient } from '@kubeling/etcd-client';
import { Authenticator } from './auth/authenticate.js';
import { loadPublicKey } from './auth/service-account-token.js';
import { ResourceRegistry, type ResourceInfo } from '@kubeling/api';
import { GrpcServer } from '@kubeling/grpc-server';
import { ResourcesService } from '@kubeling/proto/api';
import { ApiOperations } from './api/operations.js';
import { serializeListResponse } from './grpc/list-response.js';
import { resourcesService } from './grpc/resources-service.js';
import { MAX_BODY_BYTES } from './http/body.js';
import { parseApiServerFlags } from './flags.js';
import { InflightLimit } from './http/inflight-limit.js';
import { HttpApi } from './http/server.js';
import { createLogger, FlagError } from '@kubeling/component-base';
import { bootstrapKubernetesService, bootstrapNamespaces } from './registry/bootstrap.js';
import { cidrAddresses, KeyAllocator, portRange } from './registry/key-allocator.js';
import { ServiceAllocations } from './registry/service-allocations.js';
import type { KubeObject } from './storage/object.js';
import { chain, namespaceLifecycle, validate } from './registry/admission.js';
import { applyDefaults } from './registry/defaults.js';
import { defaultTolerationSeconds } from './registry/default-toleration-seconds.js';
import { RestStorage } from './registry/rest-storage.js';
import { ObjectStore } from './storage/object-store.js';

async function main(): Promise<void> {
  let flags;
  try {
    flags = parseApiServerFlags(process.argv.slice(2));
  } catch (err) {
    if (err instanceof FlagError) {
      process.stderr.write(`kubeling apiserver: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const log = createLogger('apiserver', flags.logLevel);
  const etcd = new EtcdClient({ endpoints: flags.etcdServers });
  const store = new ObjectStore(etcd);
  const registry = new ResourceRegistry();
  const storages = new Map<ResourceInfo, RestStorage>();
  const namespaces = registry.lookup('', 'v1', 'namespaces')!;
  const [lowPort, highPort] = flags.serviceNodePortRange.split('-').map(Number) as [number, number];
  const tolerations = defaultTolerationSeconds({ notReadySeconds: flags.defaultNotReadyTolerationSeconds, unreachableSeconds: flags.defaultUnreachableTolerationSeconds });
  const admit = chain(applyDefaults, tolerations, validate([lowPort, highPort]), namespaceLifecycle((name) => {
    // As Kubernetes' NamespaceLifecycle: the cache first, a live read when the cache has not seen it yet.
    const ns = storages.get(namespaces)!;
    return Promise.resolve(ns.cache.get(undefined, name) ?? ns.get(undefined, name).catch(() => undefined));
  }));
  const services = new ServiceAllocations(
    new KeyAllocator(etcd, '/registry/allocations/serviceips/', cidrAddresses(flags.serviceClusterIpRange)),
    new KeyAllocator(etcd, '/registry/allocations/servicenodeports/', portRange(flags.serviceNodePortRange)),
    log,
  );
  const hooksFor = (r: ResourceInfo) => (r.group === '' && r.resource === 'services' ? { beforeCreate: (o: KubeObject) => services.allocate(o), release: (o: KubeObject) => services.release(o) } : {});
  for (const r of registry.all) storages.set(r, new RestStorage(r, store, admit, log, hooksFor(r)));

  await bootstrapNamespaces(storages.get(namespaces)!, log);
  // The repair pass: allocations left by a crash between claiming and storing are freed.
  const serviceInfo = registry.lookup('', 'v1', 'services')!;
  await services.repair((await storages.get(serviceInfo)!.list(undefined, {})).items);
  await bootstrapKubernetesService(storages.get(serviceInfo)!, flags.securePort, cidrAddresses(flags.serviceClusterIpRange)[0]!, log);
  const operations = new ApiOperations(registry, storages);
  const serviceAccounts = storages.get(registry.lookup('', 'v1', 'serviceaccounts')!)!;
  const authenticator = new Authenticator(
    flags.serviceAccountKeyFile ? loadPublicKey(readFileSync(flags.serviceAccountKeyFile)) : undefined,
    async ({ namespace, name }) => (serviceAccounts.cache.get(namespace, name) ?? (await serviceAccounts.get(namespace, name).catch(() => undefined)))?.metadata?.uid,
    log,
  );
  const http = new HttpApi({
    registry,
    operations,
    authenticator,
    inflight: { readOnly: new InflightLimit(flags.maxRequestsInflight), mutating: new InflightLimit(flags.maxMutatingRequestsInflight) },
    tlsCertFile: flags.tlsCertFile,
    tlsPrivateKeyFile: flags.tlsPrivateKeyFile,
    clientCaFile: flags.clientCaFile,
    advertise: `${flags.advertiseAddress}:${flags.securePort}`,
    ready: () => store.currentRevision().then(() => true, () => false),
    log,
  });
  const port = await http.listen(flags.securePort, flags.bindAddress);
  const grpc = new GrpcServer({ maxReceiveMessageLength: MAX_BODY_BYTES + 64 * 1024, onInternalError: (err, method) => log.error({ err, method }, 'grpc call failed') });
  // Lists are the one large message: written in one pass (grpc/list-response.ts).
  grpc.addService({ ...ResourcesService, list: { ...ResourcesService.list, responseSerialize: serializeListResponse } }, resourcesService(operations, authenticator, log));
  const grpcPort = await grpc.listen(new URL(`https://${flags.bindAddress}:${flags.grpcPort}`), { certFile: flags.tlsCertFile, keyFile: flags.tlsPrivateKeyFile, trustedCaFile: flags.clientCaFile, clientCertOptional: true });
  log.info({ securePort: port, grpcPort, etcdServers: flags.etcdServers }, 'serving the Kubernetes API');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    for (const s of storages.values()) s.cache.stop();
    await Promise.all([http.close(), grpc.close()]);
    etcd.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((err) => {
  process.stderr.write(`kubeling apiserver: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
