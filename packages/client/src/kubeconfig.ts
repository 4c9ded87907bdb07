import { GRPC_EXTENSION, loadKubeconfig, resolveKubeconfig, type Kubeconfig } from '@kubeling/pki';
import type { ApiClientOptions } from './api-client.js';
import type { RetryPolicy } from './retry.js';

export interface KubeconfigClientOptions {
  /** The context to use; the kubeconfig's current-context by default. */
  context?: string;
  /** gRPC endpoints to use instead of the ones the kubeconfig records. */
  endpoints?: string[];
  /** Where a parsed kubeconfig's relative file references resolve from (a path resolves from its own directory). */
  baseDir?: string;
  timeoutMs?: number;
  retry?: RetryPolicy;
}

/**
 * ApiClient options for a kubeconfig context (clientcmd's ClientConfig): the CA, the user's
 * certificate or token, and the apiservers' gRPC endpoints from the cluster's
 * `kubeling.io/grpc` extension (the `server` URL is the HTTPS API kubectl uses).
 */
export function apiClientOptionsFromKubeconfig(source: string | Kubeconfig, options: KubeconfigClientOptions = {}): ApiClientOptions {
  const resolved = typeof source === 'string' ? loadKubeconfig(source, options.context) : resolveKubeconfig(source, options.baseDir ?? process.cwd(), options.context);
  const endpoints = options.endpoints ?? resolved.grpcServers;
  if (endpoints.length === 0) throw new Error(`cluster "${resolved.clusterName}" has no "${GRPC_EXTENSION}" extension naming the apiservers' gRPC endpoints`);
  // The gRPC API is always TLS with the cluster CA; insecure-skip-tls-verify is for kubectl.
  if (!resolved.caCertPem) throw new Error(`cluster "${resolved.clusterName}" has no certificate-authority`);
  if (!resolved.token && !(resolved.certPem && resolved.keyPem)) throw new Error(`user "${resolved.username}" has neither a client certificate and key nor a token`);
  return {
    endpoints,
    caCertPem: resolved.caCertPem,
    certPem: resolved.certPem,
    keyPem: resolved.keyPem,
    token: resolved.token,
    tlsServerName: resolved.tlsServerName,
    timeoutMs: options.timeoutMs,
    retry: options.retry,
  };
}
