import { GrpcStatus, StatusError } from './status.js';

const PREFIX = 5;

/**
 * Splits a gRPC request body (DATA chunks in any sizes) into length-prefixed messages.
 * Refuses a message over `maxLength` with grpc-go's words, and compressed messages,
 * since this server announces identity only.
 */
export class MessageReader {
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  constructor(private readonly maxLength: number) {}

  /** Adds a chunk; returns the messages it completes. Throws a StatusError on bad framing. */
  push(chunk: Buffer): Buffer[] {
    if (this.pendingBytes === 0 && chunk.length >= PREFIX && chunk.length === PREFIX + this.lengthAt(chunk)) {
      // The common case: one chunk holds exactly one message.
      return [chunk.subarray(PREFIX)];
    }
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    const out: Buffer[] = [];
    let buf = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending, this.pendingBytes);
    while (buf.length >= PREFIX) {
      const length = this.lengthAt(buf);
      if (buf.length < PREFIX + length) break;
      out.push(buf.subarray(PREFIX, PREFIX + length));
      buf = buf.subarray(PREFIX + length);
    }
    this.pending = buf.length > 0 ? [buf] : [];
    this.pendingBytes = buf.length;
    return out;
  }

  /** True when the body ended in the middle of a message. */
  get partial(): boolean {
    return this.pendingBytes > 0;
  }

  private lengthAt(buf: Buffer): number {
    if (buf[0] !== 0) {
      throw new StatusError(GrpcStatus.UNIMPLEMENTED, 'grpc: Decompressor is not installed for grpc-encoding');
    }
    const length = buf.readUInt32BE(1);
    if (length > this.maxLength) {
      throw new StatusError(GrpcStatus.RESOURCE_EXHAUSTED, `grpc: received message larger than max (${length} vs. ${this.maxLength})`);
    }
    return length;
  }
}

/** One length-prefixed, uncompressed message. */
export function frame(body: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(PREFIX + body.length);
  out[0] = 0;
  out.writeUInt32BE(body.length, 1);
  out.set(body, PREFIX);
  return out;
}
