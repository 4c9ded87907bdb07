import { Compare_CompareResult, Compare_CompareTarget, type KeyValue } from '@kubeling/proto/etcd';
import { compare, modRevisionIs, prefixEnd, requestOp, txnRequest, type EtcdClient, type EtcdWatch } from '@kubeling/etcd-client';
import { status as grpcStatus } from '@grpc/grpc-js';
import { errors } from '../errors.js';
import { decodeContinue, encodeContinue } from './continue-token.js';
import type { KubeObject } from './object.js';

export interface ListOptions {
  limit?: number;
  continue?: string;
  /** Read at this revision (a consistent snapshot); 0 or absent: the latest. */
  revision?: bigint;
}

export interface ListResult {
  items: KubeObject[];
  /** The revision the list was read at: its resourceVersion. */
  revision: bigint;
  continue?: string;
  remainingItemCount?: number;
}

/**
 * A change in the store; `prev` is the object before it (absent for a creation). A deletion
 * replayed from history may come without the deleted value (compacted since): then `object`
 * only has the name and namespace its key gives, and `valueUnknown` says so.
 */
export type StoreEvent = { type: 'ADDED' | 'MODIFIED' | 'DELETED'; object: KubeObject; prev?: KubeObject; revision: bigint; valueUnknown?: boolean };

/** Why a conditional write did not happen. */
export type WriteFailure = 'exists' | 'missing' | 'stale';

export class WriteConflict extends Error {
  constructor(readonly failure: WriteFailure) {
    super(`write failed: ${failure}`);
  }
}

/**
 * Kubernetes objects in etcd: JSON values under keys, metadata.resourceVersion being the
 * key's mod_revision (never stored, set on the way out). Writes are compare-and-swap.
 */
export class ObjectStore {
  constructor(private readonly etcd: EtcdClient) {}

  async get(key: string): Promise<KubeObject | undefined> {
    const res = await this.call(() => this.etcd.range({ key }));
    const kv = res.kvs[0];
    return kv ? decode(kv) : undefined;
  }

  /** Creates `key` only if it does not exist; returns the stored object. */
  async create(key: string, obj: KubeObject): Promise<KubeObject> {
    const res = await this.call(() =>
      this.etcd.txn(
        txnRequest({
          compare: [compare({ key, result: Compare_CompareResult.EQUAL, target: Compare_CompareTarget.CREATE, createRevision: 0n })],
          success: [requestOp.put({ key, value: encode(obj) })],
        }),
      ),
    );
    if (!res.succeeded) throw new WriteConflict('exists');
    return withRevision(obj, res.header!.revision);
  }

  /** Replaces `key` only if its mod_revision is still `expected`. */
  async update(key: string, obj: KubeObject, expected: bigint): Promise<KubeObject> {
    const res = await this.call(() =>
      this.etcd.txn(txnRequest({ compare: [modRevisionIs(key, expected)], success: [requestOp.put({ key, value: encode(obj) })], failure: [requestOp.range({ key, keysOnly: true })] })),
    );
    if (!res.succeeded) throw new WriteConflict(res.responses[0]?.responseRange?.kvs.length ? 'stale' : 'missing');
    return withRevision(obj, res.header!.revision);
  }

  /** Deletes `key` only if its mod_revision is still `expected`; returns the object as it was. */
  async delete(key: string, expected: bigint): Promise<{ object: KubeObject; revision: bigint }> {
    const res = await this.call(() =>
      this.etcd.txn(txnRequest({ compare: [modRevisionIs(key, expected)], success: [requestOp.deleteRange({ key, prevKv: true })], failure: [requestOp.range({ key, keysOnly: true })] })),
    );
    if (!res.succeeded) throw new WriteConflict(res.responses[0]?.responseRange?.kvs.length ? 'stale' : 'missing');
    const prev = res.responses[0]?.responseDeleteRange?.prevKvs[0];
    if (!prev) throw new WriteConflict('missing');
    return { object: withRevision(decode(prev), res.header!.revision), revision: res.header!.revision };
  }

  /** Every object under `prefix` (ending in "/"), a page at a time when limited. */
  async list(prefix: string, options: ListOptions = {}): Promise<ListResult> {
    const token = options.continue ? decodeContinue(options.continue) : undefined;
    const from = token ? prefix + token.start : prefix;
    const revision = token?.rv ?? options.revision ?? 0n;
    const limit = options.limit && options.limit > 0 ? options.limit : 0;
    const res = await this.call(
      () => this.etcd.range({ key: from, rangeEnd: prefixEnd(prefix), limit: BigInt(limit), revision }),
      token !== undefined,
    );
    const items = res.kvs.map(decode);
    const readAt = revision > 0n ? revision : res.header!.revision;
    const result: ListResult = { items, revision: readAt };
    if (res.more && res.kvs.length > 0) {
      const last = res.kvs[res.kvs.length - 1]!.key.toString('utf8');
      result.continue = encodeContinue({ rv: readAt, start: `${last.slice(prefix.length)}\u0000` });
      result.remainingItemCount = Number(res.count) - res.kvs.length;
    }
    return result;
  }

  /** The store's current revision. */
  async currentRevision(): Promise<bigint> {
    const res = await this.call(() => this.etcd.range({ key: '/registry/', rangeEnd: prefixEnd('/registry/'), countOnly: true }));
    return res.header!.revision;
  }

  /** Changes under `prefix` after `revision`. `onEnd` gets the compaction revision when history is gone. */
  watch(prefix: string, revision: bigint, onEvents: (events: StoreEvent[]) => void, onEnd: (compacted: bigint | undefined, error?: Error) => void, onProgress?: (revision: bigint) => void): EtcdWatch {
    return this.etcd.watchPrefix(prefix, revision + 1n, {
      onProgress,
      onEvents: (events) =>
        onEvents(
          events.map((e): StoreEvent => {
            const rev = e.kv.modRevision;
            if (e.type === 'DELETE' && !e.prevKv) return { type: 'DELETED', object: stubFromKey(prefix, e.kv.key, rev), revision: rev, valueUnknown: true };
            if (e.type === 'DELETE') return { type: 'DELETED', object: withRevision(decode(e.prevKv!), rev), revision: rev };
            return { type: e.kv.version === 1n ? 'ADDED' : 'MODIFIED', object: decode(e.kv), prev: e.prevKv ? decode(e.prevKv) : undefined, revision: rev };
          }),
        ),
      onEnd: ({ compactRevision, error }) => onEnd(compactRevision, error),
    });
  }

  /** Maps store failures to the API's: a compacted revision is 410, an unreachable store 503. */
  private async call<T>(run: () => Promise<T>, continuing = false): Promise<T> {
    try {
      return await run();
    } catch (err) {
      const e = err as { code?: number; details?: string };
      if (e.code === grpcStatus.OUT_OF_RANGE && /compacted/.test(e.details ?? '')) {
        throw errors.gone(
          continuing
            ? 'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.'
            : 'The resourceVersion for the provided list is too old.',
        );
      }
      if (e.code === grpcStatus.OUT_OF_RANGE) throw errors.timeout('Too large resource version');
      if (e.code === grpcStatus.UNAVAILABLE || e.code === grpcStatus.DEADLINE_EXCEEDED) throw errors.unavailable(`storage is unavailable: ${e.details ?? String(err)}`);
      throw err;
    }
  }
}

function encode(obj: KubeObject): Buffer {
  const { resourceVersion: _rv, ...metadata } = obj.metadata ?? {};
  return Buffer.from(JSON.stringify({ ...obj, metadata }));
}

function decode(kv: KeyValue): KubeObject {
  return withRevision(JSON.parse(kv.value.toString('utf8')) as KubeObject, kv.modRevision);
}

/** Name and namespace from a key under `prefix` (`<namespace>/<name>` or `<name>`). */
function stubFromKey(prefix: string, key: Buffer, revision: bigint): KubeObject {
  const parts = key.toString('utf8').slice(prefix.length).split('/');
  const name = parts.pop()!;
  return { metadata: { name, ...(parts.length > 0 ? { namespace: parts.join('/') } : {}), resourceVersion: revision.toString() } };
}

function withRevision(obj: KubeObject, revision: bigint): KubeObject {
  return { ...obj, metadata: { ...obj.metadata, resourceVersion: revision.toString() } };
}
