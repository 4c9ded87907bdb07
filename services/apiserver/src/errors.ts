import type { ResourceInfo } from '@kubeling/api';

/** metav1.StatusCause */
export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

/** metav1.Status, as every error of the Kubernetes API is answered. */
export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message?: string;
  reason?: string;
  details?: { name?: string; group?: string; kind?: string; uid?: string; causes?: StatusCause[]; retryAfterSeconds?: number };
  code: number;
}

/**
 * An error of the Kubernetes API: the HTTP code, the StatusReason clients switch on, and
 * Kubernetes' own message. Mapped to metav1.Status (HTTP) and a gRPC status in one place each.
 */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: Status['details'],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toStatus(): Status {
    const status: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: this.message, reason: this.reason, code: this.code };
    if (this.details) status.details = this.details;
    return status;
  }
}

/** "pods" or "deployments.apps", as Kubernetes names a resource in messages. */
export function qualifiedResource(r: Pick<ResourceInfo, 'group' | 'resource'>): string {
  return r.group ? `${r.resource}.${r.group}` : r.resource;
}

const detailsOf = (r: Pick<ResourceInfo, 'group' | 'resource'>, name: string) => ({ name, group: r.group, kind: r.resource });

export const errors = {
  notFound: (r: Pick<ResourceInfo, 'group' | 'resource'>, name: string) =>
    new ApiError(404, 'NotFound', `${qualifiedResource(r)} "${name}" not found`, detailsOf(r, name)),
  alreadyExists: (r: Pick<ResourceInfo, 'group' | 'resource'>, name: string) =>
    new ApiError(409, 'AlreadyExists', `${qualifiedResource(r)} "${name}" already exists`, detailsOf(r, name)),
  conflict: (r: Pick<ResourceInfo, 'group' | 'resource'>, name: string, why = 'the object has been modified; please apply your changes to the latest version and try again') =>
    new ApiError(409, 'Conflict', `Operation cannot be fulfilled on ${qualifiedResource(r)} "${name}": ${why}`, detailsOf(r, name)),
  invalid: (r: Pick<ResourceInfo, 'group' | 'kind'>, name: string, message: string, causes: StatusCause[]) =>
    new ApiError(422, 'Invalid', message, { name, group: r.group, kind: r.kind, causes }),
  badRequest: (message: string) => new ApiError(400, 'BadRequest', message),
  gone: (message: string) => new ApiError(410, 'Expired', message),
  unauthorized: () => new ApiError(401, 'Unauthorized', 'Unauthorized'),
  forbidden: (message: string, causes?: StatusCause[]) => new ApiError(403, 'Forbidden', message, causes ? { causes } : undefined),
  methodNotAllowed: (method: string) => new ApiError(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource`, { causes: [{ message: method }] }),
  notAcceptable: (accept: string) => new ApiError(406, 'NotAcceptable', `the server was unable to respond with a content type that the client supports (${accept})`),
  unsupportedMediaType: (contentType: string) => new ApiError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf (got ${contentType})`),
  tooLarge: (limit: number) => new ApiError(413, 'RequestEntityTooLarge', `Request entity too large: limit is ${limit}`),
  unknownPath: () => new ApiError(404, 'NotFound', 'the server could not find the requested resource'),
  internal: (message: string) => new ApiError(500, 'InternalError', `Internal error occurred: ${message}`, { causes: [{ message }] }),
  unavailable: (message: string) => new ApiError(503, 'ServiceUnavailable', message),
  timeout: (message: string) => new ApiError(504, 'Timeout', message),
};

/** Anything thrown becomes an ApiError; what is not one already is an internal error. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return errors.internal(error instanceof Error ? error.message : String(error));
}
