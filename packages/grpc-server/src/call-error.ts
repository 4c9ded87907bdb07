import { GrpcStatus } from './status.js';
import { TrailerMetadata } from './trailer-metadata.js';

/** What a failed call reports, shaped as grpc-js reports it (code, details, metadata) so callers handle both alike. */
export class CallError extends Error {
  constructor(
    readonly code: number,
    readonly details: string,
    /** The trailers that came with the status (binary `-bin` ones still base64). */
    readonly trailers: Record<string, string> = {},
  ) {
    super(`${code} ${GrpcStatus[code] ?? ''}: ${details}`);
    this.name = 'CallError';
  }

  get metadata(): TrailerMetadata {
    return new TrailerMetadata(this.trailers);
  }
}
