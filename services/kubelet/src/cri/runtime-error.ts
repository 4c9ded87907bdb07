import { status as GrpcCode, type ServiceError } from '@grpc/grpc-js';

/** A failed CRI call: the runtime's gRPC status code and message, kept as they came. */
export class RuntimeCallError extends Error {
  constructor(
    readonly method: string,
    readonly code: GrpcCode,
    readonly details: string,
  ) {
    super(`${method}: ${GrpcCode[code] ?? code}: ${details}`);
    this.name = 'RuntimeCallError';
  }

  static from(method: string, err: ServiceError): RuntimeCallError {
    return new RuntimeCallError(method, err.code ?? GrpcCode.UNKNOWN, err.details || err.message);
  }
}

export const isRuntimeNotFound = (err: unknown): boolean => err instanceof RuntimeCallError && err.code === GrpcCode.NOT_FOUND;
