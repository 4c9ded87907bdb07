import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { grpcServersOf, type Kubeconfig } from './kubeconfig.js';
import { readKubeconfig } from './kubeconfig-yaml.js';

/** Everything a client needs to reach the apiserver as one context's user, with file references read. */
export interface KubeconfigCredentials {
  contextName: string;
  clusterName: string;
  username: string;
  server: string;
  /** host:port of each apiserver's gRPC API (the cluster's `kubeling.io/grpc` extension); empty when not recorded. */
  grpcServers: string[];
  /** The context's namespace, `default` when it names none. */
  namespace: string;
  caCertPem?: string;
  certPem?: string;
  keyPem?: string;
  token?: string;
  insecureSkipTlsVerify: boolean;
  tlsServerName?: string;
}

/**
 * The credentials of a context (the current one by default). Relative file paths
 * (`certificate-authority`, `client-certificate`, `client-key`, `tokenFile`) resolve
 * against baseDir, the kubeconfig's directory; embedded `-data` wins over a file.
 */
export function resolveKubeconfig(config: Kubeconfig, baseDir: string, contextName = config['current-context']): KubeconfigCredentials {
  if (!contextName) throw new Error('current-context is not set');
  const context = named(config.contexts, contextName, 'context').context;
  const cluster = named(config.clusters, context.cluster, 'cluster').cluster;
  const user = named(config.users, context.user, 'user').user;
  if (!cluster.server) throw new Error(`cluster "${context.cluster}" has no server`);
  const read = (path: string) => readFileSync(resolve(baseDir, path), 'utf8');
  const embeddedOrFile = (data: string | undefined, path: string | undefined) =>
    data ? Buffer.from(data, 'base64').toString('utf8') : path ? read(path) : undefined;
  return {
    contextName,
    clusterName: context.cluster,
    username: context.user,
    server: cluster.server,
    grpcServers: grpcServersOf(cluster),
    namespace: context.namespace || 'default',
    caCertPem: embeddedOrFile(cluster['certificate-authority-data'], cluster['certificate-authority']),
    certPem: embeddedOrFile(user['client-certificate-data'], user['client-certificate']),
    keyPem: embeddedOrFile(user['client-key-data'], user['client-key']),
    token: user.token || (user.tokenFile ? read(user.tokenFile).trim() : undefined),
    insecureSkipTlsVerify: cluster['insecure-skip-tls-verify'] ?? false,
    tlsServerName: cluster['tls-server-name'],
  };
}

/** Reads a kubeconfig file and resolves a context's credentials relative to the file's directory. */
export function loadKubeconfig(path: string, contextName?: string): KubeconfigCredentials {
  return resolveKubeconfig(readKubeconfig(path), dirname(resolve(path)), contextName);
}

function named<T extends { name: string }>(entries: readonly T[], name: string, what: string): T {
  const entry = entries.find((e) => e.name === name);
  if (!entry) throw new Error(`${what} "${name}" not found in kubeconfig`);
  return entry;
}
