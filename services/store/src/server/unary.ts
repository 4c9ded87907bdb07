import type { UnaryHandler } from '@kubeling/grpc-server';
import type { Logger } from 'pino';
import { EtcdError, toStatusError } from '../errors.js';

/**
 * Wraps a handler so that whatever it throws (or rejects with) becomes etcd's gRPC
 * status, never a crash; errors that are not etcd's own are logged.
 */
export function unary<Req, Res>(log: Logger, method: string, handler: (req: Req) => Res | Promise<Res>): UnaryHandler<Req, Res> {
  const fail = (err: unknown): never => {
    if (!(err instanceof EtcdError)) log.error({ err, method }, 'request failed');
    throw toStatusError(err);
  };
  return (request: Req) => {
    try {
      const result = handler(request);
      return result instanceof Promise ? result.catch(fail) : result;
    } catch (err) {
      return fail(err);
    }
  };
}
