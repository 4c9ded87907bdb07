import type { ServiceImplementation } from '@kubeling/grpc-server';
import { ClusterService } from '@kubeling/proto/etcd';
import type { StoreContext } from '../store-context.js';
import { responseHeader } from './identity.js';
import { unary } from './unary.js';

export function clusterService(ctx: StoreContext, urls: { clientURLs: string[]; peerURLs: string[] }): ServiceImplementation<typeof ClusterService> {
  return {
    memberList: unary(ctx.log, 'MemberList', () => ({
      // etcd's cluster responses carry no revision.
      header: responseHeader(ctx.identity, 0),
      members: [{ ID: ctx.identity.memberId, name: ctx.identity.name, peerURLs: urls.peerURLs, clientURLs: urls.clientURLs, isLearner: false }],
    })),
  };
}
