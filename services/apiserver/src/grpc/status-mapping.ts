import { GrpcStatus, StatusError } from '@kubeling/grpc-server';
import { toApiError } from '../errors.js';

/** The gRPC code for each HTTP code of the Kubernetes API (the one place this mapping lives). */
const CODES: Record<number, GrpcStatus> = {
  400: GrpcStatus.INVALID_ARGUMENT,
  401: GrpcStatus.UNAUTHENTICATED,
  403: GrpcStatus.PERMISSION_DENIED,
  404: GrpcStatus.NOT_FOUND,
  405: GrpcStatus.UNIMPLEMENTED,
  406: GrpcStatus.INVALID_ARGUMENT,
  410: GrpcStatus.OUT_OF_RANGE,
  413: GrpcStatus.RESOURCE_EXHAUSTED,
  415: GrpcStatus.INVALID_ARGUMENT,
  422: GrpcStatus.INVALID_ARGUMENT,
  429: GrpcStatus.RESOURCE_EXHAUSTED,
  500: GrpcStatus.INTERNAL,
  503: GrpcStatus.UNAVAILABLE,
  504: GrpcStatus.DEADLINE_EXCEEDED,
};

/** Trailer carrying the metav1.Status JSON, so clients see the same error the REST API gives. */
export const STATUS_TRAILER = 'kubeling-status-bin';

export function toGrpcError(error: unknown): StatusError {
  const apiError = toApiError(error);
  const status = apiError.toStatus();
  // 409 is two things in Kubernetes: AlreadyExists and Conflict (a stale resourceVersion).
  const code = apiError.code === 409 ? (apiError.reason === 'AlreadyExists' ? GrpcStatus.ALREADY_EXISTS : GrpcStatus.ABORTED) : (CODES[apiError.code] ?? GrpcStatus.UNKNOWN);
  return new StatusError(code, apiError.message, { [STATUS_TRAILER]: Buffer.from(JSON.stringify(status)) });
}
