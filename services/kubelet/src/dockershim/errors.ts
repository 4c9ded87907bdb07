import { Metadata, status as GrpcCode, type ServiceError } from '@grpc/grpc-js';

/** A failure the dockershim reports with a specific gRPC status code. */
export class CriError extends Error {
  constructor(
    readonly code: GrpcCode,
    message: string,
  ) {
    super(message);
    this.name = 'CriError';
  }
}

export const notFound = (what: string) => new CriError(GrpcCode.NOT_FOUND, `${what} not found`);
export const invalidArgument = (message: string) => new CriError(GrpcCode.INVALID_ARGUMENT, message);

interface DockerError {
  statusCode?: number;
  code?: string;
  json?: { message?: string } | null;
  reason?: string;
  message?: string;
}

/** Socket errors that mean the Docker engine does not answer. */
const ENGINE_DOWN = new Set(['ECONNREFUSED', 'ENOENT', 'EACCES', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT']);

/** The engine's own message ("No such container: ..."), not dockerode's wrapper text. */
export function dockerMessage(err: unknown): string {
  const e = err as DockerError;
  return e?.json?.message ?? e?.message ?? String(err);
}

export const isDockerNotFound = (err: unknown) => (err as DockerError)?.statusCode === 404;
export const isDockerConflict = (err: unknown) => (err as DockerError)?.statusCode === 409;
export const isDockerNotModified = (err: unknown) => (err as DockerError)?.statusCode === 304;

/** The gRPC code of any failure: CriError's own, else by the Docker engine's HTTP status. */
export function grpcCodeOf(err: unknown): GrpcCode {
  if (err instanceof CriError) return err.code;
  const e = err as DockerError;
  if (e?.code && ENGINE_DOWN.has(e.code)) return GrpcCode.UNAVAILABLE;
  switch (e?.statusCode) {
    case 400:
      return GrpcCode.INVALID_ARGUMENT;
    case 404:
      return GrpcCode.NOT_FOUND;
    case 409:
      return GrpcCode.FAILED_PRECONDITION;
    default:
      return GrpcCode.UNKNOWN;
  }
}

export function toServiceError(err: unknown): Partial<ServiceError> {
  const code = grpcCodeOf(err);
  const details = code === GrpcCode.UNAVAILABLE && !(err instanceof CriError) ? `docker engine unavailable: ${dockerMessage(err)}` : dockerMessage(err);
  return { code, details, metadata: new Metadata() };
}
