import type { CertificateAndKey } from './certificate.js';

// The kubeconfig file's own shape (client-go's clientcmd/api/v1), field names as kubectl writes them.

export interface Kubeconfig {
  apiVersion: 'v1';
  kind: 'Config';
  clusters: NamedCluster[];
  contexts: NamedContext[];
  users: NamedUser[];
  'current-context': string;
  preferences: Record<string, unknown>;
}

export interface NamedCluster {
  name: string;
  cluster: Cluster;
}

export interface Cluster {
  server: string;
  'certificate-authority'?: string;
  /** Base64 of the CA's PEM. */
  'certificate-authority-data'?: string;
  'insecure-skip-tls-verify'?: boolean;
  'tls-server-name'?: string;
  /** Data for tools other than kubectl, which ignores it (minikube records its own here). */
  extensions?: NamedExtension[];
}

export interface NamedExtension {
  name: string;
  extension: Record<string, unknown>;
}

/** The extension naming the apiservers' gRPC endpoints for Kubeling's components: `{ servers: ["127.0.0.1:6444"] }`. */
export const GRPC_EXTENSION = 'kubeling.io/grpc';

export interface NamedContext {
  name: string;
  context: Context;
}

export interface Context {
  cluster: string;
  user: string;
  namespace?: string;
}

export interface NamedUser {
  name: string;
  user: AuthInfo;
}

export interface AuthInfo {
  'client-certificate'?: string;
  /** Base64 of the certificate's PEM. */
  'client-certificate-data'?: string;
  'client-key'?: string;
  /** Base64 of the key's PEM. */
  'client-key-data'?: string;
  token?: string;
  tokenFile?: string;
}

/** How the user proves who it is: a client certificate and key, or a bearer token. */
export type UserCredentials = CertificateAndKey | { token: string };

export interface KubeconfigOptions {
  /** kubeadm calls its cluster `kubernetes`. */
  clusterName: string;
  /** The apiserver's URL, e.g. `https://127.0.0.1:6443`. */
  server: string;
  caCertPem: string;
  username: string;
  credentials: UserCredentials;
  /** Defaults to `<username>@<clusterName>`, as kubeadm names it. */
  contextName?: string;
  namespace?: string;
  /** host:port of each apiserver's gRPC API, recorded as the cluster's `kubeling.io/grpc` extension. */
  grpcServers?: string[];
}

/** A kubeconfig with one cluster, one user and the context joining them, current, with everything embedded. */
export function buildKubeconfig(options: KubeconfigOptions): Kubeconfig {
  const contextName = options.contextName ?? `${options.username}@${options.clusterName}`;
  const context: Context = { cluster: options.clusterName, user: options.username };
  if (options.namespace) context.namespace = options.namespace;
  return {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: options.clusterName, cluster: cluster(options) }],
    contexts: [{ name: contextName, context }],
    users: [{ name: options.username, user: authInfo(options.credentials) }],
    'current-context': contextName,
    preferences: {},
  };
}

function cluster(options: KubeconfigOptions): Cluster {
  const result: Cluster = { server: options.server, 'certificate-authority-data': base64(options.caCertPem) };
  if (options.grpcServers?.length) result.extensions = [{ name: GRPC_EXTENSION, extension: { servers: options.grpcServers } }];
  return result;
}

/** The gRPC endpoints a cluster's `kubeling.io/grpc` extension names; none when it has no such extension. */
export function grpcServersOf(cluster: Cluster): string[] {
  const extension = cluster.extensions?.find((e) => e.name === GRPC_EXTENSION)?.extension;
  if (extension === undefined) return [];
  const servers = extension.servers;
  if (!Array.isArray(servers) || !servers.every((s) => typeof s === 'string' && s !== '')) throw new Error(`extension "${GRPC_EXTENSION}" must list its servers as host:port strings`);
  return servers;
}

function authInfo(credentials: UserCredentials): AuthInfo {
  if ('token' in credentials) return { token: credentials.token };
  return { 'client-certificate-data': base64(credentials.certPem), 'client-key-data': base64(credentials.keyPem) };
}

const base64 = (text: string) => Buffer.from(text).toString('base64');
