import { status as GrpcCode, type sendUnaryData, type ServerUnaryCall } from '@grpc/grpc-js';
import type { Logger } from 'pino';
import { grpcCodeOf, toServiceError } from './errors.js';

/**
 * A gRPC unary handler around an async function: its result is the response, a throw
 * becomes a gRPC status (never a crash); failures other than NotFound are logged.
 */
export function unary<Req, Res>(log: Logger, method: string, fn: (req: Req) => Promise<Res>) {
  return (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>): void => {
    Promise.resolve()
      .then(() => fn(call.request))
      .then(
        (res) => callback(null, res),
        (err: unknown) => {
          const status = toServiceError(err);
          if (grpcCodeOf(err) !== GrpcCode.NOT_FOUND) log.warn({ method, code: GrpcCode[status.code!], err: status.details }, 'CRI call failed');
          callback(status, null);
        },
      );
  };
}
