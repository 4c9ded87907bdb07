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

/**
 * Trailers travel in HTTP/2 header frames, which clients cap (grpc-js: 16 KiB), so a
 * message that quotes a large input is cut short rather than breaking the stream.
 */
const MAX_MESSAGE = 4096;

const shorten = (text: string) => (text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE)}...` : text);

export function toGrpcError(error: unknown): StatusError {
  const apiError = toApiError(error);
  const status = apiError.toStatus();
  status.message = shorten(status.message ?? '');
  for (const cause of status.details?.causes ?? []) if (cause.message) cause.message = shorten(cause.message);
  // 409 is two things in Kubernetes: AlreadyExists and Conflict (a stale resourceVersion).
  const code = apiError.code === 409 ? (apiError.reason === 'AlreadyExists' ? GrpcStatus.ALREADY_EXISTS : GrpcStatus.ABORTED) : (CODES[apiError.code] ?? GrpcStatus.UNKNOWN);
  return new StatusError(code, status.message, { [STATUS_TRAILER]: Buffer.from(JSON.stringify(status)) });
}
