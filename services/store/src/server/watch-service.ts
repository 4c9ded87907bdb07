import type { ServiceImplementation } from '@kubeling/grpc-server';
import { WatchService } from '@kubeling/proto/etcd';
import type { StoreContext } from '../store-context.js';
import { WatchStream } from '../watch/watch-stream.js';
import { responseHeader } from './identity.js';

export function watchService(ctx: StoreContext): ServiceImplementation<typeof WatchService> {
  return {
    watch: (call) => {
      new WatchStream(call, ctx.watchable, () => responseHeader(ctx.identity, ctx.mvcc.committedRev), ctx.log);
    },
  };
}
