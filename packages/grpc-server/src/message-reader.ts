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
  /** Bytes the message being read takes with its prefix, once its prefix has arrived. */
  private need: number | undefined;

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
    // Chunks are joined only once a whole message is there: a large message arriving in
    // many chunks is copied once, not once per chunk.
    while (this.pendingBytes >= PREFIX) {
      if (this.need === undefined) {
        if (this.pending[0]!.length < PREFIX) this.pending = [Buffer.concat(this.pending, this.pendingBytes)];
        this.need = PREFIX + this.lengthAt(this.pending[0]!);
      }
      if (this.pendingBytes < this.need) break;
      const buf = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending, this.pendingBytes);
      out.push(buf.subarray(PREFIX, this.need));
      const rest = buf.subarray(this.need);
      this.pending = rest.length > 0 ? [rest] : [];
      this.pendingBytes = rest.length;
      this.need = undefined;
    }
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

/** The 5-byte prefix of an uncompressed message of `length` bytes. */
export function prefix(length: number): Buffer {
  const out = Buffer.allocUnsafe(PREFIX);
  out[0] = 0;
  out.writeUInt32BE(length, 1);
  return out;
}

/** One length-prefixed, uncompressed message. */
export function frame(body: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(PREFIX + body.length);
  out[0] = 0;
  out.writeUInt32BE(body.length, 1);
  out.set(body, PREFIX);
  return out;
}
