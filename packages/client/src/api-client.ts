import { credentials, Metadata, status as GrpcStatus, type ChannelCredentials, type ClientReadableStream } from '@grpc/grpc-js';
import { CallError, UnaryChannel, type UnaryMethod } from '@kubeling/grpc-server';
import {
  ResourcesClient,
  ResourcesService,
  type CreateRequest,
  type DeleteRequest,
  type GetRequest,
  type ListRequest,
  type ListResponse,
  type PatchRequest,
  type ResourceRef as RefMessage,
  type UpdateRequest,
  type WatchEvent as WatchEventMessage,
} from '@kubeling/proto/api';
import type { Kubeconfig } from '@kubeling/pki';
import { ApiClientError } from './api-error.js';
import { apiClientOptionsFromKubeconfig, type KubeconfigClientOptions } from './kubeconfig.js';
import { DEFAULT_RETRY, withRetries, type RetryPolicy } from './retry.js';

/** Which object or collection: Kubernetes' REST coordinates. */
export interface ResourceRef {
  group?: string;
  version: string;
  resource: string;
  namespace?: string;
  name?: string;
  subresource?: string;
}

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; resourceVersion?: string; uid?: string; [k: string]: unknown };
  [field: string]: unknown;
}

export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  resourceVersion?: string;
  limit?: number;
  continue?: string;
}

export interface ListResult<T> {
  items: T[];
  resourceVersion: string;
  continue?: string;
}

export interface WriteOptions {
  dryRun?: boolean;
  fieldManager?: string;
}

export interface ApiClientOptions {
  /** host:port of each apiserver's gRPC port; calls fail over to the next when one is unreachable. */
  endpoints: string[];
  caCertPem: string;
  /** The client certificate and key (mutual TLS): how components authenticate. */
  certPem?: string;
  keyPem?: string;
  /** A bearer token, sent as `authorization: Bearer <token>` metadata on every call and watch. */
  token?: string;
  /** The name the apiserver's certificate must carry; `kubernetes` when endpoints are IP addresses. */
  tlsServerName?: string;
  /** Per-call deadline. */
  timeoutMs?: number;
  retry?: RetryPolicy;
}

const toRef = (r: ResourceRef): RefMessage => ({ group: r.group ?? '', version: r.version, resource: r.resource, namespace: r.namespace ?? '', name: r.name ?? '', subresource: r.subresource ?? '' });
const decode = <T>(bytes: Buffer): T => JSON.parse(bytes.toString('utf8')) as T;
const encode = (value: unknown) => Buffer.from(JSON.stringify(value));

/**
 * A typed client of the apiserver's gRPC API over mutual TLS: every call retried with
 * backoff on transient failures (unreachable, 429), and moved to the next apiserver
 * when one is down.
 */
export class ApiClient {
  /** Watch streams (grpc-js), one client per endpoint. */
  private readonly clients: ResourcesClient[];
  private current = 0;
  /** Every unary call when authenticating by certificate, over the lean channel (it moves to the next endpoint by itself). */
  private readonly channel?: UnaryChannel;
  private readonly timeoutMs: number;
  private readonly retry: RetryPolicy;

  constructor(options: ApiClientOptions) {
    if (options.endpoints.length === 0) throw new Error('no apiserver endpoints given');
    if (!options.token && !(options.certPem && options.keyPem)) throw new Error('an apiserver client needs a client certificate and key, or a token');
    // TLS server names cannot be IP addresses (RFC 6066); every apiserver certificate names
    // "kubernetes", so that is the name checked when an endpoint is an IP.
    const servername = (e: string) => options.tlsServerName ?? (isIpEndpoint(e) ? 'kubernetes' : undefined);
    const creds = channelCredentials(options);
    this.clients = options.endpoints.map((e) => {
      const name = servername(e);
      return new ResourcesClient(e, creds, {
        'grpc.max_receive_message_length': 256 * 1024 * 1024,
        // grpc-js backs reconnection off up to 2 minutes; a watch must find a restarted apiserver within seconds.
        'grpc.initial_reconnect_backoff_ms': 100,
        'grpc.max_reconnect_backoff_ms': 2000,
        ...(name ? { 'grpc.ssl_target_name_override': name } : {}),
      });
    });
    // The lean channel sends no call metadata, so token calls go through grpc-js with the watches.
    if (!options.token) {
      const name = options.tlsServerName ?? (options.endpoints.every(isIpEndpoint) ? 'kubernetes' : undefined);
      this.channel = new UnaryChannel(options.endpoints, { ca: options.caCertPem, cert: options.certPem!, key: options.keyPem!, servername: name });
    }
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.retry = options.retry ?? DEFAULT_RETRY;
  }

  /** A client for a kubeconfig context's user, on the gRPC endpoints its cluster's `kubeling.io/grpc` extension names. */
  static fromKubeconfig(source: string | Kubeconfig, options: KubeconfigClientOptions = {}): ApiClient {
    return new ApiClient(apiClientOptionsFromKubeconfig(source, options));
  }

  get<T extends KubeObject = KubeObject>(ref: ResourceRef): Promise<T> {
    return this.unary(ResourcesService.get, { ref: toRef(ref) } satisfies GetRequest).then((r) => decode<T>(r.object));
  }

  async list<T extends KubeObject = KubeObject>(ref: ResourceRef, options: ListOptions = {}): Promise<ListResult<T>> {
    const res: ListResponse = await this.unary(ResourcesService.list, {
      ref: toRef(ref),
      labelSelector: options.labelSelector ?? '',
      fieldSelector: options.fieldSelector ?? '',
      resourceVersion: options.resourceVersion ?? '',
      limit: BigInt(options.limit ?? 0),
      continue: options.continue ?? '',
    } satisfies ListRequest);
    return { items: res.items.map((b) => decode<T>(b)), resourceVersion: res.resourceVersion, continue: res.continue || undefined };
  }

  create<T extends KubeObject = KubeObject>(ref: ResourceRef, object: unknown, options: WriteOptions = {}): Promise<T> {
    return this.unary(ResourcesService.create, { ref: toRef(ref), object: encode(object), options: writeOptions(options) } satisfies CreateRequest).then((r) => decode<T>(r.object));
  }

  update<T extends KubeObject = KubeObject>(ref: ResourceRef, object: unknown, options: WriteOptions = {}): Promise<T> {
    return this.unary(ResourcesService.update, { ref: toRef(ref), object: encode(object), options: writeOptions(options) } satisfies UpdateRequest).then((r) => decode<T>(r.object));
  }

  patch<T extends KubeObject = KubeObject>(ref: ResourceRef, patchType: 'merge' | 'json' | 'strategic', patch: unknown, options: WriteOptions = {}): Promise<T> {
    const type = { merge: 'application/merge-patch+json', json: 'application/json-patch+json', strategic: 'application/strategic-merge-patch+json' }[patchType];
    return this.unary(ResourcesService.patch, { ref: toRef(ref), patchType: type, patch: encode(patch), options: writeOptions(options) } satisfies PatchRequest).then((r) => decode<T>(r.object));
  }

  delete<T extends KubeObject = KubeObject>(ref: ResourceRef, deleteOptions: Record<string, unknown> = {}, dryRun = false): Promise<T> {
    return this.unary(ResourcesService.delete, { ref: toRef(ref), deleteOptions: encode(deleteOptions), dryRun } satisfies DeleteRequest).then((r) => decode<T>(r.object));
  }

  /** A raw watch stream from `resourceVersion`; see Watcher for one that resumes. */
  watchStream(ref: ResourceRef, options: ListOptions & { timeoutSeconds?: number; allowBookmarks?: boolean } = {}): ClientReadableStream<WatchEventMessage> {
    return this.clients[this.current]!.watch({
      ref: toRef(ref),
      labelSelector: options.labelSelector ?? '',
      fieldSelector: options.fieldSelector ?? '',
      resourceVersion: options.resourceVersion ?? '',
      timeoutSeconds: BigInt(options.timeoutSeconds ?? 0),
      allowBookmarks: options.allowBookmarks ?? false,
    });
  }

  /** Moves to the next apiserver (after a watch or call found this one unreachable). */
  failover(): void {
    this.current = (this.current + 1) % this.clients.length;
  }

  close(): void {
    this.channel?.close();
    for (const c of this.clients) c.close();
  }

  private unary<Req, Res>(method: UnaryMethod<Req, Res>, req: Req): Promise<Res> {
    return withRetries(this.retry, () => (this.channel ? this.leanCall(this.channel, method, req) : this.grpcJsCall(method, req)));
  }

  private leanCall<Req, Res>(channel: UnaryChannel, method: UnaryMethod<Req, Res>, req: Req): Promise<Res> {
    return channel.call(method, req, this.timeoutMs).catch((err: unknown) => {
      throw err instanceof CallError ? ApiClientError.fromCallError(err) : err;
    });
  }

  /** A unary call on the current endpoint's grpc-js client (its credentials add the token), moving on when it is unreachable. */
  private grpcJsCall<Req, Res>(method: UnaryMethod<Req, Res>, req: Req): Promise<Res> {
    return new Promise((resolve, reject) => {
      const endpoint = this.current;
      const options = { deadline: Date.now() + this.timeoutMs };
      this.clients[endpoint]!.makeUnaryRequest(method.path, method.requestSerialize, method.responseDeserialize, req, new Metadata(), options, (err, res) => {
        if (!err) return resolve(res!);
        // Calls failing together move on once, not once each (which could land back on the dead one).
        if (err.code === GrpcStatus.UNAVAILABLE && this.current === endpoint) this.failover();
        reject(ApiClientError.fromServiceError(err));
      });
    });
  }
}

/** TLS trusting the cluster CA, with the client certificate if there is one and the token on every call if there is one. */
function channelCredentials(options: ApiClientOptions): ChannelCredentials {
  const key = options.keyPem ? Buffer.from(options.keyPem) : null;
  const cert = options.certPem ? Buffer.from(options.certPem) : null;
  const tls = credentials.createSsl(Buffer.from(options.caCertPem), key, cert);
  const token = options.token;
  if (!token) return tls;
  const bearer = credentials.createFromMetadataGenerator((_params, callback) => {
    const metadata = new Metadata();
    metadata.set('authorization', `Bearer ${token}`);
    callback(null, metadata);
  });
  return credentials.combineChannelCredentials(tls, bearer);
}

function writeOptions(o: WriteOptions) {
  return { dryRun: o.dryRun ?? false, fieldManager: o.fieldManager ?? '' };
}

function isIpEndpoint(endpoint: string): boolean {
  const host = endpoint.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  return /^\d+\.\d+\.\d+\.\d+$/.test(host) || host.includes(':');
}
