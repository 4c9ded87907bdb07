import { status } from '@grpc/grpc-js';

/** etcd 3.4's gRPC statuses for the errors tests provoke, as `grpcStatusOf` reports them. */
export const etcdErrors = {
  compacted: { code: status.OUT_OF_RANGE, details: 'etcdserver: mvcc: required revision has been compacted' },
  noSpace: { code: status.RESOURCE_EXHAUSTED, details: 'etcdserver: mvcc: database space exceeded' },
} as const;
