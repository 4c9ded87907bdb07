// pkg/probe/exec: runs a command in the container through the runtime's ExecSync; exit code 0
// is a success, any other a failure with the command's output, a timeout a failure too.
import type { ExecSyncRequest, ExecSyncResponse } from '@kubeling/proto/cri';
import { sleep, type Clock } from './clock.js';
import { GRPC_DEADLINE_EXCEEDED, grpcCodeOf, rpcErrorText } from './go-error-text.js';
import { failure, MAX_OUTPUT_BYTES, success, unknown, type ProbeOutput } from './probe-result.js';

/** The CRI ExecSync call the exec probe needs: the kubelet's RuntimeClient is one as it is. */
export interface ExecRunner {
  execSync(request: ExecSyncRequest): Promise<ExecSyncResponse>;
}

/** The text of utilexec's TimeoutError that the remote runtime returns: command "sh -c ..." timed out. */
const timeoutText = (cmd: readonly string[]) => `command ${JSON.stringify(cmd.join(' '))} timed out`;

function combinedOutput(result: ExecSyncResponse): string {
  const all = Buffer.concat([result.stdout, result.stderr]);
  return all.subarray(0, MAX_OUTPUT_BYTES).toString('utf8');
}

/**
 * Runs `cmd` with the probe's timeout, which the runtime enforces too; waiting here as well
 * keeps a hung runtime call from holding the worker.
 */
export async function execProbe(runner: ExecRunner, clock: Clock, containerId: string, cmd: string[], timeoutSeconds: number): Promise<ProbeOutput> {
  const timer = sleep(clock, timeoutSeconds * 1000);
  try {
    const call = runner.execSync({ containerId, cmd, timeout: BigInt(timeoutSeconds) });
    // A call that loses the race may still fail later: that is not an unhandled rejection.
    call.catch(() => undefined);
    const outcome = await Promise.race([call, timer.done.then(() => undefined)]);
    if (outcome === undefined) return failure(timeoutText(cmd));
    return outcome.exitCode === 0 ? success(combinedOutput(outcome)) : failure(combinedOutput(outcome));
  } catch (err) {
    if (grpcCodeOf(err) === GRPC_DEADLINE_EXCEEDED) return failure(timeoutText(cmd));
    return unknown(new Error(rpcErrorText(err)));
  } finally {
    timer.cancel();
  }
}
