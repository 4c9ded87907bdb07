import type { ServerHttp2Stream } from 'node:http2';
import { frame, prefix } from './message-reader.js';
import { encodeGrpcMessage, GrpcStatus, type StatusError } from './status.js';

const RESPONSE_HEADERS = { ':status': 200, 'content-type': 'application/grpc', 'grpc-accept-encoding': 'identity' };

/**
 * The response side of one HTTP/2 stream: headers once, messages, then trailers with
 * the status. An error before any message goes out as a trailers-only response.
 */
export class Response {
  private headersSent = false;
  private ended = false;

  constructor(private readonly stream: ServerHttp2Stream) {}

  get open(): boolean {
    return !this.ended && !this.stream.destroyed && !this.stream.closed;
  }

  write(framed: Buffer): boolean {
    if (!this.open) return false;
    this.sendHeaders();
    return this.stream.write(framed);
  }

  /** Ends with OK; `last` (if any) is the final message, unframed: large ones are not copied to frame them. */
  end(last?: Buffer): void {
    if (!this.open) return;
    this.sendHeaders();
    this.ended = true;
    this.stream.once('wantTrailers', () => this.stream.sendTrailers({ 'grpc-status': '0' }));
    if (last === undefined) {
      this.stream.end();
    } else if (last.length < 16 * 1024) {
      this.stream.end(frame(last));
    } else {
      this.stream.write(prefix(last.length));
      this.stream.end(last);
    }
  }

  fail(error: StatusError): void {
    if (!this.open) return;
    this.ended = true;
    const status: Record<string, string> = { 'grpc-status': String(error.code ?? GrpcStatus.UNKNOWN), 'grpc-message': encodeGrpcMessage(error.details) };
    for (const [key, value] of Object.entries(error.trailers ?? {})) status[key] = Buffer.isBuffer(value) ? value.toString('base64') : value;
    if (this.headersSent) {
      this.stream.once('wantTrailers', () => this.stream.sendTrailers(status));
      this.stream.end();
    } else {
      this.headersSent = true;
      this.stream.respond({ ...RESPONSE_HEADERS, ...status }, { endStream: true });
    }
  }

  private sendHeaders(): void {
    if (this.headersSent) return;
    this.headersSent = true;
    this.stream.respond(RESPONSE_HEADERS, { waitForTrailers: true });
  }
}
