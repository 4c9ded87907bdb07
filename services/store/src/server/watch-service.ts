import type { WatchServer } from '@kubeling/proto/etcd';
import type { StoreContext } from '../store-context.js';
import { WatchStream } from '../watch/watch-stream.js';
import { responseHeader } from './identity.js';

export function watchService(ctx: StoreContext): WatchServer {
  return {
    watch: (call) => {
      new WatchStream(call, ctx.watchable, () => responseHeader(ctx.identity, ctx.mvcc.committedRev), ctx.log);
    },
  };
}
