import { Metadata, type CallOptions, type ServiceError } from '@grpc/grpc-js';
import type {
  AlarmRequest,
  AlarmResponse,
  CompactionRequest,
  CompactionResponse,
  DeleteRangeRequest,
  DeleteRangeResponse,
  LeaseGrantRequest,
  LeaseGrantResponse,
  LeaseLeasesResponse,
  LeaseRevokeRequest,
  LeaseRevokeResponse,
  LeaseTimeToLiveRequest,
  LeaseTimeToLiveResponse,
  PutRequest,
  PutResponse,
  RangeRequest,
  RangeResponse,
  StatusResponse,
  TxnRequest,
  TxnResponse,
} from '@kubeling/proto/etcd';
import type { EtcdClients } from './etcd-clients.js';

/** The unary etcd calls as promises; a failed call rejects with the grpc ServiceError (code, details). */
export interface EtcdCalls {
  range(r: RangeRequest): Promise<RangeResponse>;
  put(r: PutRequest): Promise<PutResponse>;
  deleteRange(r: DeleteRangeRequest): Promise<DeleteRangeResponse>;
  txn(r: TxnRequest): Promise<TxnResponse>;
  compact(r: CompactionRequest): Promise<CompactionResponse>;
  leaseGrant(r: LeaseGrantRequest): Promise<LeaseGrantResponse>;
  leaseRevoke(r: LeaseRevokeRequest): Promise<LeaseRevokeResponse>;
  leaseTimeToLive(r: LeaseTimeToLiveRequest): Promise<LeaseTimeToLiveResponse>;
  leaseLeases(): Promise<LeaseLeasesResponse>;
  alarm(r: AlarmRequest): Promise<AlarmResponse>;
  status(): Promise<StatusResponse>;
}

type Unary<Req, Res> = (
  request: Req,
  metadata: Metadata,
  options: Partial<CallOptions>,
  callback: (error: ServiceError | null, response: Res) => void,
) => unknown;

function promised<Req, Res>(method: Unary<Req, Res>, self: object, deadlineMs: number): (request: Req) => Promise<Res> {
  return (request) =>
    new Promise((resolve, reject) => {
      method.call(self, request, new Metadata(), { deadline: Date.now() + deadlineMs }, (error, response) =>
        error ? reject(error) : resolve(response),
      );
    });
}

/** Promise-returning unary calls on `clients`, each with a deadline (a hung server fails the call, not the test run). */
export function etcdCalls(clients: EtcdClients, deadlineMs = 30_000): EtcdCalls {
  const { kv, lease, maintenance } = clients;
  return {
    range: promised<RangeRequest, RangeResponse>(kv.range, kv, deadlineMs),
    put: promised<PutRequest, PutResponse>(kv.put, kv, deadlineMs),
    deleteRange: promised<DeleteRangeRequest, DeleteRangeResponse>(kv.deleteRange, kv, deadlineMs),
    txn: promised<TxnRequest, TxnResponse>(kv.txn, kv, deadlineMs),
    compact: promised<CompactionRequest, CompactionResponse>(kv.compact, kv, deadlineMs),
    leaseGrant: promised<LeaseGrantRequest, LeaseGrantResponse>(lease.leaseGrant, lease, deadlineMs),
    leaseRevoke: promised<LeaseRevokeRequest, LeaseRevokeResponse>(lease.leaseRevoke, lease, deadlineMs),
    leaseTimeToLive: promised<LeaseTimeToLiveRequest, LeaseTimeToLiveResponse>(lease.leaseTimeToLive, lease, deadlineMs),
    leaseLeases: () => promised(lease.leaseLeases, lease, deadlineMs)({}),
    alarm: promised<AlarmRequest, AlarmResponse>(maintenance.alarm, maintenance, deadlineMs),
    status: () => promised(maintenance.status, maintenance, deadlineMs)({}),
  };
}

/** The grpc status of a failed call, as `{ code, details }` (for deepEqual against etcd's). */
export function grpcStatusOf(error: unknown): { code: number; details: string } {
  const e = error as Partial<ServiceError>;
  if (typeof e?.code !== 'number') throw error;
  return { code: e.code, details: e.details ?? '' };
}
