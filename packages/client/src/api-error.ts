import { Metadata, status as GrpcStatus, type ServiceError } from '@grpc/grpc-js';

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

  static fromServiceError(err: ServiceError): ApiClientError {
    const raw = (err.metadata ?? new Metadata()).get('kubeling-status-bin')[0];
    if (raw) {
      try {
        return new ApiClientError(JSON.parse(Buffer.isBuffer(raw) ? raw.toString('utf8') : raw) as Status, err.code);
      } catch {
        // Not a Status: fall through to what the transport reported.
      }
    }
    const unavailable = err.code === GrpcStatus.UNAVAILABLE || err.code === GrpcStatus.DEADLINE_EXCEEDED;
    return new ApiClientError({ status: 'Failure', message: err.details || err.message, reason: unavailable ? 'ServiceUnavailable' : 'InternalError', code: unavailable ? 503 : 500 }, err.code);
  }
}

export const isNotFound = (e: unknown) => e instanceof ApiClientError && e.code === 404;
export const isAlreadyExists = (e: unknown) => e instanceof ApiClientError && e.reason === 'AlreadyExists';
export const isConflict = (e: unknown) => e instanceof ApiClientError && e.reason === 'Conflict';
export const isGone = (e: unknown) => e instanceof ApiClientError && e.code === 410;
