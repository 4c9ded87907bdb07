import type { handleUnaryCall, sendUnaryData, ServerUnaryCall } from '@grpc/grpc-js';
import type { Logger } from 'pino';
import { EtcdError, toServiceError } from '../errors.js';

/**
 * Wraps a handler so that whatever it throws (or rejects with) becomes a gRPC status,
 * never a crash; errors that are not etcd's own are logged.
 */
export function unary<Req, Res>(log: Logger, method: string, handler: (req: Req) => Res | Promise<Res>): handleUnaryCall<Req, Res> {
  const fail = (callback: sendUnaryData<Res>, err: unknown) => {
    if (!(err instanceof EtcdError)) log.error({ err, method }, 'request failed');
    callback(toServiceError(err) as Parameters<sendUnaryData<Res>>[0]);
  };
  return (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>) => {
    try {
      const result = handler(call.request);
      if (result instanceof Promise) result.then((res) => callback(null, res), (err) => fail(callback, err));
      else callback(null, result);
    } catch (err) {
      fail(callback, err);
    }
  };
}
