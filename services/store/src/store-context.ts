import type { ResponseHeader } from '@kubeling/proto/etcd';
import type { Logger } from 'pino';
import { status as GrpcCode } from '@grpc/grpc-js';
import { EtcdError, ErrRequestTooLarge } from './errors.js';
import type { Lessor } from './lease/lessor.js';
import type { Quota } from './maintenance/quota.js';
import type { MvccStore } from './mvcc/kv-store.js';
import type { WatchableStore } from './watch/watchable-store.js';
import { RAFT_TERM, type Identity } from './server/identity.js';

export interface StoreLimits {
  /** etcd's --max-request-bytes. */
  maxRequestBytes: number;
  /** etcd's --max-txn-ops. */
  maxTxnOps: number;
}

/** Everything a request handler needs. */
export interface StoreContext {
  mvcc: MvccStore;
  lessor: Lessor;
  watchable: WatchableStore;
  quota: Quota;
  identity: Identity;
  limits: StoreLimits;
  log: Logger;
}

/** A header carrying only a revision, as etcd's appliers fill them (nested txn responses keep these). */
export function revisionHeader(revision: number): ResponseHeader {
  return { clusterId: 0n, memberId: 0n, revision: BigInt(revision), raftTerm: 0n };
}

/** What etcd's gRPC layer adds to a top-level response header; the current revision if none was set. */
export function fillHeader(ctx: StoreContext, header: ResponseHeader | undefined): ResponseHeader {
  const h = header ?? revisionHeader(0);
  h.clusterId = ctx.identity.clusterId;
  h.memberId = ctx.identity.memberId;
  h.raftTerm = RAFT_TERM;
  if (h.revision === 0n) h.revision = BigInt(ctx.mvcc.committedRev);
  return h;
}

function varintLength(n: number): number {
  let len = 1;
  while (n >= 0x80) {
    n = Math.floor(n / 128);
    len++;
  }
  return len;
}

/** A length-delimited protobuf field's size: tag, length, bytes. */
export function bytesFieldSize(length: number): number {
  return length === 0 ? 0 : 1 + varintLength(length) + length;
}

/**
 * Refuses a write whose raft request would exceed --max-request-bytes. etcd measures the
 * InternalRaftRequest: the request as a field, plus a header of about 14 bytes.
 */
export function checkRequestSize(ctx: StoreContext, requestBytes: number): void {
  if (14 + 1 + varintLength(requestBytes) + requestBytes > ctx.limits.maxRequestBytes) throw ErrRequestTooLarge;
}

/** etcd lets gRPC messages exceed --max-request-bytes by this much (grpcOverheadBytes). */
export const GRPC_OVERHEAD_BYTES = 512 * 1024;

/**
 * What Go's gRPC answers for a message over etcd's receive limit. The gRPC server's own
 * limit sits higher, so that this check can give Go's wording rather than grpc-js's.
 */
export function checkMessageSize(ctx: StoreContext, messageBytes: number): void {
  const limit = ctx.limits.maxRequestBytes + GRPC_OVERHEAD_BYTES;
  if (messageBytes > limit) throw new EtcdError(GrpcCode.RESOURCE_EXHAUSTED, `grpc: received message larger than max (${messageBytes} vs. ${limit})`);
}
