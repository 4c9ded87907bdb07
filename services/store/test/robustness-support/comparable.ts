import type { ResponseHeader } from '@kubeling/proto/etcd';

/**
 * A response reduced to what two etcd-API servers must agree on: the header keeps only its
 * revision (cluster id, member id and raft term differ between any two clusters).
 */
export function comparable<T extends { header?: ResponseHeader }>(response: T): Omit<T, 'header'> & { header?: { revision: bigint } } {
  const { header, ...rest } = response;
  return header ? { ...rest, header: { revision: header.revision } } : rest;
}
