import { GrpcStatus } from '@kubeling/grpc-server';

/** metav1.Status as the apiserver sends it with a failed call. */
export interface Status {
  kind?: string;
  status?: string;
  message?: string;
  reason?: string;
  code?: number;
  details?: Record<string, unknown>;
}

/** A failed gRPC call as both grpc-js and the lean channel report it. */
export interface GrpcFailure extends Error {
  code: number;
  details: string;
  /** The trailers; `-bin` values as bytes. */
  metadata?: { get(key: string): Array<string | Buffer> };
}

/**
 * A failed API call: the Kubernetes Status (reason, HTTP code, message) when the
 * apiserver sent one, else what the transport said (code 503 for an unreachable server).
 */
export class ApiClientError extends Error {
  constructor(
    readonly status: Status,
    readonly grpcCode: number,
  ) {
    super(status.message ?? 'API call failed');
    this.name = 'ApiClientError';
  }

  get code(): number {
    return this.status.code ?? 500;
  }

  get reason(): string {
    return this.status.reason ?? '';
  }

  /** From a failed gRPC call (the lean channel's CallError or grpc-js' ServiceError): the Status trailer if the apiserver sent one. */
  static fromServiceError(err: GrpcFailure): ApiClientError {
    const raw = err.metadata?.get('kubeling-status-bin')[0];
    if (raw) {
      try {
        return new ApiClientError(JSON.parse(Buffer.isBuffer(raw) ? raw.toString('utf8') : raw) as Status, err.code);
      } catch {
        // Not a Status: fall through to what the transport reported.
      }
    }
    return ApiClientError.transport(err.code, err.details || err.message);
  }

  /** A failure with no Status from the apiserver: unreachable (503) or broken (500). */
  private static transport(code: number, message: string): ApiClientError {
    const unavailable = code === GrpcStatus.UNAVAILABLE || code === GrpcStatus.DEADLINE_EXCEEDED;
    return new ApiClientError({ status: 'Failure', message, reason: unavailable ? 'ServiceUnavailable' : 'InternalError', code: unavailable ? 503 : 500 }, code);
  }
}

export const isNotFound = (e: unknown) => e instanceof ApiClientError && e.code === 404;
export const isAlreadyExists = (e: unknown) => e instanceof ApiClientError && e.reason === 'AlreadyExists';
export const isConflict = (e: unknown) => e instanceof ApiClientError && e.reason === 'Conflict';
export const isGone = (e: unknown) => e instanceof ApiClientError && e.code === 410;
export const isInvalid = (e: unknown) => e instanceof ApiClientError && e.code === 422;
