import { CallError, UnaryChannel, type ClientMethod, type ServerStreamCall } from '@kubeling/grpc-server';
import {
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
 * A typed client of the apiserver's gRPC API over TLS (a client certificate, or a bearer
 * token): every call retried with backoff on transient failures (unreachable, 429), and
 * moved to the next apiserver when one is down.
 */
export class ApiClient {
  /** Every call and watch, over the lean channel: it moves to the next endpoint by itself when one fails. */
  private readonly channel: UnaryChannel;
  private readonly timeoutMs: number;
  private readonly retry: RetryPolicy;

  constructor(options: ApiClientOptions) {
    if (options.endpoints.length === 0) throw new Error('no apiserver endpoints given');
    if (!options.token && !(options.certPem && options.keyPem)) throw new Error('an apiserver client needs a client certificate and key, or a token');
    // TLS server names cannot be IP addresses (RFC 6066); every apiserver certificate names
    // "kubernetes", so that is the name checked when the endpoints are IPs.
    const servername = options.tlsServerName ?? (options.endpoints.every(isIpEndpoint) ? 'kubernetes' : undefined);
    const metadata: Record<string, string> = options.token ? { authorization: `Bearer ${options.token}` } : {};
    this.channel = new UnaryChannel(options.endpoints, { ca: options.caCertPem, cert: options.certPem, key: options.keyPem, servername }, metadata);
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

  /**
   * A raw watch stream from `resourceVersion`; see Watcher for one that resumes. It fails
   * UNAVAILABLE when its apiserver goes away; the next one opened goes to the next apiserver.
   */
  watchStream(ref: ResourceRef, options: ListOptions & { timeoutSeconds?: number; allowBookmarks?: boolean } = {}): ServerStreamCall<WatchEventMessage> {
    return this.channel.serverStream(ResourcesService.watch, {
      ref: toRef(ref),
      labelSelector: options.labelSelector ?? '',
      fieldSelector: options.fieldSelector ?? '',
      resourceVersion: options.resourceVersion ?? '',
      timeoutSeconds: BigInt(options.timeoutSeconds ?? 0),
      allowBookmarks: options.allowBookmarks ?? false,
    });
  }

  close(): void {
    this.channel.close();
  }

  private unary<Req, Res>(method: ClientMethod<Req, Res>, req: Req): Promise<Res> {
    return withRetries(this.retry, () =>
      this.channel.call(method, req, this.timeoutMs).catch((err: unknown) => {
        throw err instanceof CallError ? ApiClientError.fromServiceError(err) : err;
      }),
    );
  }
}

function writeOptions(o: WriteOptions) {
  return { dryRun: o.dryRun ?? false, fieldManager: o.fieldManager ?? '' };
}

function isIpEndpoint(endpoint: string): boolean {
  const host = endpoint.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  return /^\d+\.\d+\.\d+\.\d+$/.test(host) || host.includes(':');
}
