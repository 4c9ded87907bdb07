import { randomBytes } from 'node:crypto';
import type { ResponseHeader } from '@kubeling/proto/etcd';
import type { Backend } from '../mvcc/backend.js';

const IDENTITY_KEY = Buffer.from('identity');

/** The one member of this one-member cluster: IDs chosen at first start and kept on disk. */
export interface Identity {
  clusterId: bigint;
  memberId: bigint;
  name: string;
}

export function loadIdentity(backend: Backend, name: string): { identity: Identity; fresh?: Buffer } {
  const stored = backend.getMeta(IDENTITY_KEY);
  if (stored) return { identity: { clusterId: stored.readBigUInt64BE(0), memberId: stored.readBigUInt64BE(8), name } };
  const ids = randomBytes(16);
  // Keep the IDs below 2^63 so clients that read them as signed do not see negatives.
  ids[0] &= 0x7f;
  ids[8] &= 0x7f;
  return { identity: { clusterId: ids.readBigUInt64BE(0), memberId: ids.readBigUInt64BE(8), name }, fresh: ids };
}

export { IDENTITY_KEY };

/** The raft term a single member reports: it elected itself once. */
export const RAFT_TERM = 2n;

export function responseHeader(identity: Identity, revision: number | bigint): ResponseHeader {
  return { clusterId: identity.clusterId, memberId: identity.memberId, revision: BigInt(revision), raftTerm: RAFT_TERM };
}
