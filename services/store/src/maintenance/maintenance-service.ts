import type { ServiceImplementation } from '@kubeling/grpc-server';
import { AlarmRequest_AlarmAction as AlarmAction, AlarmType, MaintenanceService } from '@kubeling/proto/etcd';
import { responseHeader } from '../server/identity.js';
import { unary } from '../server/unary.js';
import type { StoreContext } from '../store-context.js';

/** The etcd version this store answers as: the API level it implements. */
export const ETCD_API_VERSION = '3.4.0';

export function maintenanceService(ctx: StoreContext): ServiceImplementation<typeof MaintenanceService> {
  const header = () => responseHeader(ctx.identity, ctx.mvcc.committedRev);
  const alarms = () => (ctx.quota.noSpace ? [{ memberID: ctx.identity.memberId, alarm: AlarmType.NOSPACE }] : []);
  return {
    status: unary(ctx.log, 'Status', () => ({
      header: header(),
      version: ETCD_API_VERSION,
      dbSize: BigInt(ctx.mvcc.backend.fileSize()),
      leader: ctx.identity.memberId,
      raftIndex: BigInt(ctx.mvcc.committedRev),
      raftTerm: header().raftTerm,
      raftAppliedIndex: BigInt(ctx.mvcc.committedRev),
      errors: alarms().map((a) => `memberID:${a.memberID} alarm:NOSPACE `),
      dbSizeInUse: BigInt(ctx.mvcc.usedBytes),
      isLearner: false,
    })),
    alarm: unary(ctx.log, 'Alarm', async (r) => {
      const noSpace = r.alarm === AlarmType.NOSPACE && (r.memberID === 0n || r.memberID === ctx.identity.memberId);
      if (r.action === AlarmAction.ACTIVATE && noSpace) {
        await ctx.quota.setAlarm(true);
      } else if (r.action === AlarmAction.DEACTIVATE && noSpace) {
        const was = alarms();
        await ctx.quota.setAlarm(false);
        return { header: undefined, alarms: was };
      }
      // etcd's Alarm response carries no header.
      return { header: undefined, alarms: alarms() };
    }),
  };
}
