import type { ServiceImplementation } from '@kubeling/grpc-server';
import { LeaseService, type LeaseKeepAliveRequest } from '@kubeling/proto/etcd';
import { LEASE_COST } from '../maintenance/quota.js';
import { responseHeader } from '../server/identity.js';
import { unary } from '../server/unary.js';
import { fillHeader, type StoreContext } from '../store-context.js';

export function leaseService(ctx: StoreContext): ServiceImplementation<typeof LeaseService> {
  const header = () => responseHeader(ctx.identity, ctx.mvcc.committedRev);
  return {
    leaseGrant: unary(ctx.log, 'LeaseGrant', async (r) => {
      ctx.quota.check(LEASE_COST);
      const lease = await ctx.lessor.grant(r.ID, Number(r.TTL));
      return { header: header(), ID: lease.id, TTL: BigInt(lease.ttl), error: '' };
    }),
    leaseRevoke: unary(ctx.log, 'LeaseRevoke', async (r) => {
      await ctx.lessor.revoke(r.ID);
      return { header: fillHeader(ctx, undefined) };
    }),
    leaseTimeToLive: unary(ctx.log, 'LeaseTimeToLive', (r) => {
      const lease = ctx.lessor.lookup(r.ID);
      // etcd answers an unknown lease with TTL -1, not an error.
      if (!lease) return { header: header(), ID: r.ID, TTL: -1n, grantedTTL: 0n, keys: [] };
      const keys = r.keys ? [...lease.keys].sort().map((k) => Buffer.from(k, 'latin1')) : [];
      return { header: header(), ID: lease.id, TTL: BigInt(ctx.lessor.remaining(lease)), grantedTTL: BigInt(lease.ttl), keys };
    }),
    leaseLeases: unary(ctx.log, 'LeaseLeases', () => ({ header: header(), leases: ctx.lessor.list().map((l) => ({ ID: l.id })) })),
    leaseKeepAlive: (call) => {
      call.on('data', (r: LeaseKeepAliveRequest) => {
        // An unknown or expired lease answers TTL 0, as etcd does.
        const ttl = ctx.lessor.renew(r.ID);
        call.write({ header: header(), ID: r.ID, TTL: BigInt(ttl) });
      });
      call.on('end', () => call.end());
    },
  };
}
