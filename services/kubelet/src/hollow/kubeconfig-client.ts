import { ApiClient } from '@kubeling/client';
import { loadKubeconfig } from '@kubeling/pki';

/**
 * An ApiClient as the kubeconfig's current user, speaking to the gRPC API at `grpcServer`
 * (a kubeconfig names only the HTTPS server). Stands in until the client package can make
 * one from a kubeconfig by itself.
 */
export function apiClientFromKubeconfig(path: string, grpcServer: string): ApiClient {
  const credentials = loadKubeconfig(path);
  const { caCertPem, certPem, keyPem } = credentials;
  if (!caCertPem || !certPem || !keyPem) throw new Error(`kubeconfig ${path}: context "${credentials.contextName}" needs a certificate authority and a client certificate and key for the gRPC API`);
  return new ApiClient({ endpoints: [grpcServer], caCertPem, certPem, keyPem });
}
