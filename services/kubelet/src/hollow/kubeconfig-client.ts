import { ApiClient } from '@kubeling/client';

/**
 * An ApiClient as the kubeconfig's current user, speaking to the gRPC API the kubeconfig names
 * (its kubeling.io/grpc extension), or to `grpcServer` when given.
 */
export function apiClientFromKubeconfig(path: string, grpcServer: string | undefined): ApiClient {
  return ApiClient.fromKubeconfig(path, grpcServer ? { endpoints: [grpcServer] } : {});
}
