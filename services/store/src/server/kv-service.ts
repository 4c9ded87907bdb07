import type { ServiceImplementation } from '@kubeling/grpc-server';
import { KVService } from '@kubeling/proto/etcd';
import { compact } from '../kv/compact.js';
import { deleteRange } from '../kv/delete-range.js';
import { put } from '../kv/put.js';
import { range } from '../kv/range.js';
import { txn } from '../kv/txn.js';
import type { StoreContext } from '../store-context.js';
import { unary } from './unary.js';

export function kvService(ctx: StoreContext): ServiceImplementation<typeof KVService> {
  return {
    range: unary(ctx.log, 'Range', (r) => range(ctx, r)),
    put: unary(ctx.log, 'Put', (r) => put(ctx, r)),
    deleteRange: unary(ctx.log, 'DeleteRange', (r) => deleteRange(ctx, r)),
    txn: unary(ctx.log, 'Txn', (r) => txn(ctx, r)),
    compact: unary(ctx.log, 'Compact', (r) => compact(ctx, r)),
  };
}
