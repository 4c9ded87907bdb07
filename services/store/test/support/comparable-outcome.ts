import type { LeaseLeasesResponse, LeaseTimeToLiveResponse, ResponseHeader } from '@kubeling/proto/etcd';
import { comparable } from '../robustness-support/comparable.js';
import type { DifferentialOp, DifferentialResponse, Outcome } from './differential-op.js';

/** Stands for a remaining TTL that is within [0, granted]: the exact second depends on when the call ran. */
export const TTL_WITHIN_GRANTED = 'remaining TTL within [0, granted]';

// etcd lists a lease's keys, and the leases, from Go maps: in no particular order.
const byId = (a: { ID: bigint }, b: { ID: bigint }) => (a.ID < b.ID ? -1 : a.ID > b.ID ? 1 : 0);

function ordered(op: DifferentialOp, response: DifferentialResponse): { header?: ResponseHeader } {
  if (op.kind === 'leaseLeases') {
    const r = response as LeaseLeasesResponse;
    const sorted: LeaseLeasesResponse = { ...r, leases: [...r.leases].sort(byId) };
    return sorted;
  }
  if (op.kind === 'leaseTimeToLive') {
    const r = response as LeaseTimeToLiveResponse;
    const TTL = r.TTL >= 0n && r.TTL <= r.grantedTTL ? TTL_WITHIN_GRANTED : r.TTL;
    const comparableTtl: Omit<LeaseTimeToLiveResponse, 'TTL'> & { TTL: bigint | string } = { ...r, TTL, keys: [...r.keys].sort(Buffer.compare) };
    return comparableTtl;
  }
  return response;
}

/**
 * What two servers must agree on: the whole decoded response, except the top header's
 * cluster id, member id and raft term (they differ between any two clusters), the order of
 * lists etcd leaves unordered, and a remaining lease TTL's exact value; or the gRPC status.
 */
export function comparableOutcome(op: DifferentialOp, outcome: Outcome): unknown {
  return 'error' in outcome ? outcome : comparable(ordered(op, outcome.response));
}
