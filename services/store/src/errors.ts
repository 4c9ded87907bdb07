import { GrpcStatus as GrpcCode, StatusError } from '@kubeling/grpc-server';

/**
 * An error a client of the etcd API must be able to recognise: etcd's gRPC code and
 * etcd's exact message (clientv3 and etcdctl match on the text).
 */
export class EtcdError extends StatusError {
  constructor(code: GrpcCode, message: string) {
    super(code, message);
    this.name = 'EtcdError';
  }
}

const e = (code: GrpcCode, message: string) => new EtcdError(code, message);

// etcd's rpctypes, the subset this store can return.
export const ErrEmptyKey = e(GrpcCode.INVALID_ARGUMENT, 'etcdserver: key is not provided');
export const ErrKeyNotFound = e(GrpcCode.INVALID_ARGUMENT, 'etcdserver: key not found');
export const ErrValueProvided = e(GrpcCode.INVALID_ARGUMENT, 'etcdserver: value is provided');
export const ErrLeaseProvided = e(GrpcCode.INVALID_ARGUMENT, 'etcdserver: lease is provided');
export const ErrTooManyOps = e(GrpcCode.INVALID_ARGUMENT, 'etcdserver: too many operations in txn request');
export const ErrDuplicateKey = e(GrpcCode.INVALID_ARGUMENT, 'etcdserver: duplicate key given in txn request');
export const ErrCompacted = e(GrpcCode.OUT_OF_RANGE, 'etcdserver: mvcc: required revision has been compacted');
export const ErrFutureRev = e(GrpcCode.OUT_OF_RANGE, 'etcdserver: mvcc: required revision is a future revision');
export const ErrNoSpace = e(GrpcCode.RESOURCE_EXHAUSTED, 'etcdserver: mvcc: database space exceeded');
export const ErrLeaseNotFound = e(GrpcCode.NOT_FOUND, 'etcdserver: requested lease not found');
export const ErrLeaseExist = e(GrpcCode.FAILED_PRECONDITION, 'etcdserver: lease already exists');
export const ErrLeaseTTLTooLarge = e(GrpcCode.OUT_OF_RANGE, 'etcdserver: too large lease TTL');
export const ErrRequestTooLarge = e(GrpcCode.INVALID_ARGUMENT, 'etcdserver: request is too large');
export const ErrTooManyChanges = e(GrpcCode.INVALID_ARGUMENT, 'etcdserver: too many keys changed in one revision');
export const ErrStopped = e(GrpcCode.UNAVAILABLE, 'etcdserver: server stopped');

/** The one place an error becomes a gRPC status: typed errors keep their code, anything else is INTERNAL. */
export function toStatusError(error: unknown): StatusError {
  if (error instanceof StatusError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new StatusError(GrpcCode.INTERNAL, `etcdserver: ${message}`);
}
