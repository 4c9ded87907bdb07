import { status as GrpcStatus } from '@grpc/grpc-js';

export { GrpcStatus };

/** A gRPC status to end a call with; anything else thrown by a handler ends it as INTERNAL. */
export class StatusError extends Error {
  constructor(
    readonly code: GrpcStatus,
    readonly details: string,
    /** Extra trailers (keys ending in -bin carry bytes, base64 on the wire). */
    readonly trailers: Record<string, string | Buffer> = {},
  ) {
    super(details);
    this.name = 'StatusError';
  }
}

export function statusOf(error: unknown): StatusError {
  if (error instanceof StatusError) return error;
  return new StatusError(GrpcStatus.INTERNAL, error instanceof Error ? error.message : String(error));
}

/** The gRPC spec's Percent-Encoded grpc-message: bytes outside printable ASCII, and '%', as %XX. */
export function encodeGrpcMessage(message: string): string {
  let plain = true;
  for (let i = 0; i < message.length; i++) {
    const c = message.charCodeAt(i);
    if (c < 0x20 || c > 0x7e || c === 0x25) {
      plain = false;
      break;
    }
  }
  if (plain) return message;
  let out = '';
  for (const byte of Buffer.from(message, 'utf8')) {
    out += byte < 0x20 || byte > 0x7e || byte === 0x25 ? `%${byte.toString(16).toUpperCase().padStart(2, '0')}` : String.fromCharCode(byte);
  }
  return out;
}
