import type { LeaseClient, LeaseKeepAliveResponse } from '@kubeling/proto/etcd';

/** One LeaseKeepAlive round on a fresh stream (as `etcdctl lease keep-alive --once`): the server's answer for `id`. */
export function keepAliveOnce(lease: LeaseClient, id: bigint, deadlineMs = 30_000): Promise<LeaseKeepAliveResponse> {
  return new Promise((resolve, reject) => {
    const call = lease.leaseKeepAlive({ deadline: Date.now() + deadlineMs });
    call.once('data', (response: LeaseKeepAliveResponse) => {
      resolve(response);
      call.cancel();
    });
    // Cancelling after the answer also ends the call with an error; only an earlier one counts.
    call.on('error', reject);
    call.write({ ID: id });
  });
}
