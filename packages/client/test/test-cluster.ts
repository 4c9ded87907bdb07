import { join } from 'node:path';
import type { TestFn } from 'ava';
import { buildKubeconfig, writeKubeconfig } from '@kubeling/pki';
import { useTestCluster, type ApiServer, type ApiServerOverStore } from '@kubeling/testing';
import { ApiClient } from '../src/index.js';

/** An admin client made as components make theirs: from a kubeconfig whose cluster records the gRPC endpoint. */
export function adminClient(api: ApiServer): ApiClient {
  const path = join(api.dataDir, 'admin-grpc.kubeconfig');
  const config = buildKubeconfig({ clusterName: 'kubeling', server: api.url, grpcServers: [api.grpcEndpoint], caCertPem: api.caCertPem, username: 'kubernetes-admin', credentials: api.admin });
  writeKubeconfig(path, config);
  // Generous retries: some tests restart the apiserver under a running client.
  return ApiClient.fromKubeconfig(path, { retry: { attempts: 30, initialDelayMs: 100, maxDelayMs: 1000 } });
}

/** A store and an apiserver for one test file, with an admin client handed to `ready`; both go when the file's tests are done. */
export function clusterForTests(test: TestFn, ready: (cluster: ApiServerOverStore, client: ApiClient) => void): void {
  const fixture = useTestCluster(test, adminClient);
  test.before(() => ready(fixture.cluster, fixture.client));
}
