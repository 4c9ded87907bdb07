import {
  AlarmRequest_AlarmAction,
  AlarmType,
  Compare_CompareResult,
  Compare_CompareTarget,
  RangeRequest_SortOrder,
  RangeRequest_SortTarget,
  type AlarmRequest,
  type Compare,
  type DeleteRangeRequest,
  type PutRequest,
  type RangeRequest,
  type RequestOp,
  type TxnRequest,
  type WatchCreateRequest,
  type WatchRequest,
} from '@kubeling/proto/etcd';

// ts-proto messages need every field set (its encoders read them all); these builders fill
// the proto3 defaults so a test names only what it means. Strings are taken as UTF-8 keys/values.

type Bytes = Buffer | string;
const bytes = (b: Bytes | undefined): Buffer => (b === undefined ? Buffer.alloc(0) : Buffer.isBuffer(b) ? b : Buffer.from(b));

/** range_end that makes [key, range_end) the prefix `key`, as clientv3.WithPrefix does. */
export function prefixEnd(prefix: Bytes): Buffer {
  const end = Buffer.from(bytes(prefix));
  for (let i = end.length - 1; i >= 0; i--) {
    if (end[i] < 0xff) {
      end[i] += 1;
      return end.subarray(0, i + 1);
    }
  }
  return Buffer.from([0]);
}

/** T's fields, all optional, with its bytes fields K also taking strings; `key` is required. */
type With<T, K extends keyof T> = Omit<Partial<T>, K> & { [P in K]?: Bytes } & { key: Bytes };

export function rangeRequest(r: With<RangeRequest, 'key' | 'rangeEnd'>): RangeRequest {
  return {
    limit: 0n,
    revision: 0n,
    sortOrder: RangeRequest_SortOrder.NONE,
    sortTarget: RangeRequest_SortTarget.KEY,
    serializable: false,
    keysOnly: false,
    countOnly: false,
    minModRevision: 0n,
    maxModRevision: 0n,
    minCreateRevision: 0n,
    maxCreateRevision: 0n,
    ...r,
    key: bytes(r.key),
    rangeEnd: bytes(r.rangeEnd),
  };
}

export function putRequest(r: With<PutRequest, 'key' | 'value'>): PutRequest {
  return { lease: 0n, prevKv: false, ignoreValue: false, ignoreLease: false, ...r, key: bytes(r.key), value: bytes(r.value) };
}

export function deleteRangeRequest(r: With<DeleteRangeRequest, 'key' | 'rangeEnd'>): DeleteRangeRequest {
  return { prevKv: false, ...r, key: bytes(r.key), rangeEnd: bytes(r.rangeEnd) };
}

/** A compare on one key; give exactly one of version, createRevision, modRevision, value, lease. */
export function compare(c: {
  key: Bytes;
  result: Compare_CompareResult;
  target: Compare_CompareTarget;
  version?: bigint;
  createRevision?: bigint;
  modRevision?: bigint;
  value?: Bytes;
  lease?: bigint;
  rangeEnd?: Bytes;
}): Compare {
  return { ...c, key: bytes(c.key), value: c.value === undefined ? undefined : bytes(c.value), rangeEnd: bytes(c.rangeEnd) };
}

/** `mod_revision(key) == modRevision`: the compare-and-swap an apiserver update makes. */
export function modRevisionIs(key: Bytes, modRevision: bigint): Compare {
  return compare({ key, result: Compare_CompareResult.EQUAL, target: Compare_CompareTarget.MOD, modRevision });
}

export const requestOp = {
  range: (r: Parameters<typeof rangeRequest>[0]): RequestOp => ({ requestRange: rangeRequest(r) }),
  put: (r: Parameters<typeof putRequest>[0]): RequestOp => ({ requestPut: putRequest(r) }),
  deleteRange: (r: Parameters<typeof deleteRangeRequest>[0]): RequestOp => ({ requestDeleteRange: deleteRangeRequest(r) }),
};

export function txnRequest(r: Partial<TxnRequest>): TxnRequest {
  return { compare: [], success: [], failure: [], ...r };
}

export function watchCreateRequest(r: With<WatchCreateRequest, 'key' | 'rangeEnd'>): WatchRequest {
  return {
    createRequest: {
      startRevision: 0n,
      progressNotify: false,
      filters: [],
      prevKv: false,
      watchId: 0n,
      fragment: false,
      ...r,
      key: bytes(r.key),
      rangeEnd: bytes(r.rangeEnd),
    },
  };
}

export function watchCancelRequest(watchId: bigint): WatchRequest {
  return { cancelRequest: { watchId } };
}

export function watchProgressRequest(): WatchRequest {
  return { progressRequest: {} };
}

export function alarmRequest(action: AlarmRequest_AlarmAction, alarm: AlarmType = AlarmType.NONE, memberID = 0n): AlarmRequest {
  return { action, alarm, memberID };
}

/** The whole keyspace as a range: key "\0", range_end "\0" (etcdctl's --from-key ""). */
export const wholeKeyspace = { key: Buffer.from([0]), rangeEnd: Buffer.from([0]) } as const;
