import { credentials, Metadata, status, type ChannelCredentials, type ClientDuplexStream, type ServiceError } from '@grpc/grpc-js';
import {
  Event_EventType,
  KVClient,
  KVService,
  WatchClient,
  type KeyValue,
  type RangeRequest,
  type RangeResponse,
  type TxnRequest,
  type TxnResponse,
  type WatchRequest,
  type WatchResponse,
} from '@kubeling/proto/etcd';
import { UnaryChannel } from '@kubeling/grpc-server';
import { prefixEnd, rangeRequest, watchCreateRequest, watchProgressRequest } from './requests.js';

export interface EtcdClientOptions {
  /** Endpoints as etcd flags give them (http://host:port); the client fails over between them. */
  endpoints: string[];
  credentials?: ChannelCredentials;
  /** Per-call deadline. */
  timeoutMs?: number;
}

export interface WatchEvent {
  type: 'PUT' | 'DELETE';
  kv: KeyValue;
  prevKv?: KeyValue;
}

export interface WatchHandlers {
  /** Events of one revision or more, in order. */
  onEvents(events: WatchEvent[], revision: bigint): void;
  /** The watch ended: compacted (with the compaction revision) or the stream failed. */
  onEnd(reason: { compactRevision?: bigint; error?: Error }): void;
  /** Every event up to `revision` has been delivered (the answer to requestProgress). */
  onProgress?(revision: bigint): void;
}

/** A running watch; cancel() stops it without onEnd. */
export interface EtcdWatch {
  cancel(): void;
  /** Asks the store to say (through onProgress) how far the watch has got. */
  requestProgress(): void;
}

/**
 * Promise calls on the etcd v3 API (our store or a real etcd cluster). One channel;
 * with several endpoints gRPC's pick_first moves to the next when one fails.
 */
export class EtcdClient {
  private readonly kv: KVClient;
  /** The hot path (range, txn) over plaintext endpoints; TLS endpoints use grpc-js throughout. */
  private readonly unary?: UnaryChannel;
  private readonly watchClient: WatchClient;
  private readonly timeoutMs: number;

  constructor(options: EtcdClientOptions) {
    const target = channelTarget(options.endpoints);
    const creds = options.credentials ?? credentials.createInsecure();
    const channelOptions = { 'grpc.max_receive_message_length': 256 * 1024 * 1024, 'grpc.max_send_message_length': 16 * 1024 * 1024 };
    this.kv = new KVClient(target, creds, channelOptions);
    this.watchClient = new WatchClient(target, creds, { ...channelOptions, channelOverride: this.kv.getChannel() });
    this.timeoutMs = options.timeoutMs ?? 30_000;
    if (!options.credentials && options.endpoints.every((e) => !e.startsWith('https://'))) {
      this.unary = new UnaryChannel(options.endpoints.map((e) => (e.includes('://') ? new URL(e).host : e)));
    }
  }

  range(r: Parameters<typeof rangeRequest>[0]): Promise<RangeResponse> {
    const req: RangeRequest = rangeRequest(r);
    if (this.unary) return this.unary.call(KVService.range, req, this.timeoutMs);
    return new Promise((resolve, reject) => this.kv.range(req, new Metadata(), this.deadline(), (err, res) => (err ? reject(err) : resolve(res!))));
  }

  txn(req: TxnRequest): Promise<TxnResponse> {
    if (this.unary) return this.unary.call(KVService.txn, req, this.timeoutMs);
    return new Promise((resolve, reject) => this.kv.txn(req, new Metadata(), this.deadline(), (err, res) => (err ? reject(err) : resolve(res!))));
  }

  /** Watches every key under `prefix` from `fromRevision` (inclusive). */
  watchPrefix(prefix: string, fromRevision: bigint, handlers: WatchHandlers): EtcdWatch {
    const stream: ClientDuplexStream<WatchRequest, WatchResponse> = this.watchClient.watch();
    let done = false;
    const end = (reason: { compactRevision?: bigint; error?: Error }) => {
      if (done) return;
      done = true;
      stream.cancel();
      handlers.onEnd(reason);
    };
    stream.on('data', (res: WatchResponse) => {
      if (done) return;
      if (res.compactRevision > 0n) return end({ compactRevision: res.compactRevision });
      if (res.canceled) return end({ error: new Error(`watch canceled: ${res.cancelReason}`) });
      if (res.events.length === 0) {
        if (!res.created) handlers.onProgress?.(res.header?.revision ?? 0n);
        return;
      }
      const events = res.events.map((e): WatchEvent => ({ type: e.type === Event_EventType.DELETE ? 'DELETE' : 'PUT', kv: e.kv!, prevKv: e.prevKv }));
      handlers.onEvents(events, res.header?.revision ?? 0n);
    });
    stream.on('error', (error: ServiceError) => {
      if (error.code !== status.CANCELLED) end({ error });
    });
    stream.on('end', () => end({ error: new Error('watch stream ended') }));
    stream.write(watchCreateRequest({ key: prefix, rangeEnd: prefixEnd(prefix), startRevision: fromRevision, prevKv: true }));
    return {
      cancel: () => {
        done = true;
        stream.cancel();
      },
      requestProgress: () => {
        if (!done) stream.write(watchProgressRequest());
      },
    };
  }

  close(): void {
    this.unary?.close();
    this.kv.close();
  }

  private deadline(): { deadline: number } {
    return { deadline: Date.now() + this.timeoutMs };
  }
}

/** gRPC's multi-address target when every endpoint is an IPv4 literal, else the first endpoint. */
function channelTarget(endpoints: string[]): string {
  if (endpoints.length === 0) throw new Error('no etcd endpoints given');
  const hosts = endpoints.map((e) => (e.includes('://') ? new URL(e).host : e));
  if (hosts.length > 1 && hosts.every((h) => /^\d+\.\d+\.\d+\.\d+:\d+$/.test(h))) return `ipv4:${hosts.join(',')}`;
  return hosts[0]!;
}
