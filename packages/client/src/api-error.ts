import { Metadata, status as GrpcStatus, type ServiceError } from '@grpc/grpc-js';
import type { CallError } from '@kubeling/grpc-server';

/** metav1.Status as the apiserver sends it with a failed call. */
export interface Status {
  kind?: string;
  status?: string;
  message?: string;
  reason?: string;
  code?: number;
  details?: Record<string, unknown>;
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

  /** From a failed call of the lean channel: the Status trailer if the apiserver sent one. */
  static fromCallError(err: CallError): ApiClientError {
    const raw = err.trailers['kubeling-status-bin'];
    if (raw) {
      try {
        return new ApiClientError(JSON.parse(Buffer.from(raw, 'base64').toString('utf8')) as Status, err.code);
      } catch {
        // Not a Status: fall through to what the transport reported.
      }
    }
    return ApiClientError.transport(err.code, err.details);
  }

  static fromServiceError(err: ServiceError): ApiClientError {
    const raw = (err.metadata ?? new Metadata()).get('kubeling-status-bin')[0];
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
