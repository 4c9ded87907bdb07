import type { CompactionRequest, CompactionResponse } from '@kubeling/proto/etcd';
import { ErrCompacted, ErrFutureRev } from '../errors.js';
import { fillHeader, type StoreContext } from '../store-context.js';

function checkCompactable(ctx: StoreContext, main: number): void {
  if (main <= ctx.mvcc.compactRev) throw ErrCompacted;
  if (main > ctx.mvcc.currentRev) throw ErrFutureRev;
}

/**
 * etcd's Compact: history below `revision` is dropped. Reads see the new compaction point
 * as soon as it returns; `physical` also waits until the disk has dropped it.
 */
export async function compact(ctx: StoreContext, r: CompactionRequest): Promise<CompactionResponse> {
  const main = Number(r.revision);
  checkCompactable(ctx, main);
  // Compaction acts on committed history only; a revision still on its way to disk is waited for.
  await ctx.mvcc.pipeline.whenCommitted(main);
  checkCompactable(ctx, main);
  const done = ctx.mvcc.compact(main);
  if (r.physical) await done;
  return { header: fillHeader(ctx, undefined) };
}
