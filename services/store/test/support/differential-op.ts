import type {
  CompactionRequest,
  CompactionResponse,
  DeleteRangeRequest,
  DeleteRangeResponse,
  LeaseGrantRequest,
  LeaseGrantResponse,
  LeaseKeepAliveRequest,
  LeaseKeepAliveResponse,
  LeaseLeasesRequest,
  LeaseLeasesResponse,
  LeaseRevokeRequest,
  LeaseRevokeResponse,
  LeaseTimeToLiveRequest,
  LeaseTimeToLiveResponse,
  PutRequest,
  PutResponse,
  RangeRequest,
  RangeResponse,
  TxnRequest,
  TxnResponse,
} from '@kubeling/proto/etcd';
import { grpcStatusOf, type EtcdCalls, type EtcdClients } from '@kubeling/testing';
import { keepAliveOnce } from './lease-keep-alive.js';

/** One request of a differential run: which RPC, and its message. */
export type DifferentialOp =
  | { kind: 'range'; request: RangeRequest }
  | { kind: 'put'; request: PutRequest }
  | { kind: 'deleteRange'; request: DeleteRangeRequest }
  | { kind: 'txn'; request: TxnRequest }
  | { kind: 'compact'; request: CompactionRequest }
  | { kind: 'leaseGrant'; request: LeaseGrantRequest }
  | { kind: 'leaseRevoke'; request: LeaseRevokeRequest }
  | { kind: 'leaseTimeToLive'; request: LeaseTimeToLiveRequest }
  | { kind: 'leaseLeases'; request: LeaseLeasesRequest }
  | { kind: 'leaseKeepAlive'; request: LeaseKeepAliveRequest };

export type DifferentialResponse =
  | RangeResponse
  | PutResponse
  | DeleteRangeResponse
  | TxnResponse
  | CompactionResponse
  | LeaseGrantResponse
  | LeaseRevokeResponse
  | LeaseTimeToLiveResponse
  | LeaseLeasesResponse
  | LeaseKeepAliveResponse;

/** What a server answered: a decoded response, or a gRPC status. */
export type Outcome = { response: DifferentialResponse } | { error: { code: number; details: string } };

/** One server as a differential run drives it. */
export interface Side {
  readonly name: string;
  readonly calls: EtcdCalls;
  readonly clients: EtcdClients;
}

function send(side: Side, op: DifferentialOp): Promise<DifferentialResponse> {
  const { calls } = side;
  switch (op.kind) {
    case 'range':
      return calls.range(op.request);
    case 'put':
      return calls.put(op.request);
    case 'deleteRange':
      return calls.deleteRange(op.request);
    case 'txn':
      return calls.txn(op.request);
    case 'compact':
      return calls.compact(op.request);
    case 'leaseGrant':
      return calls.leaseGrant(op.request);
    case 'leaseRevoke':
      return calls.leaseRevoke(op.request);
    case 'leaseTimeToLive':
      return calls.leaseTimeToLive(op.request);
    case 'leaseLeases':
      return calls.leaseLeases();
    case 'leaseKeepAlive':
      return keepAliveOnce(side.clients.lease, op.request.ID);
  }
}

/** Sends `op` to `side`; a gRPC error becomes an outcome, anything else (a bug in the test) throws. */
export function applyOp(side: Side, op: DifferentialOp): Promise<Outcome> {
  return send(side, op).then(
    (response) => ({ response }),
    (error: unknown) => ({ error: grpcStatusOf(error) }),
  );
}
