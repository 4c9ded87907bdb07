import http2, { type ClientHttp2Stream, type IncomingHttpHeaders } from 'node:http2';
import { MessageReader } from './message-reader.js';
import { GrpcStatus, statusOf } from './status.js';

export interface ResponseHandlers {
  /** One response message, unframed, in the order the server sent it. */
  message(bytes: Buffer): void;
  /** How the call ended; called once, when the stream has closed. */
  end(code: number, details: string, trailers: Record<string, string>): void;
}

/**
 * The client's side of one call's response: messages as they arrive, then the status from
 * the trailers (or from the headers of a trailers-only response). The first word on how the
 * call ended wins, whoever says it: the server's status, this side's fail(), or a stream
 * that broke or closed without a status, which means the connection is gone (UNAVAILABLE).
 */
export class ResponseReader {
  private readonly messages: MessageReader;
  private code?: number;
  private details = '';
  private trailers: Record<string, string> = {};

  constructor(
    private readonly stream: ClientHttp2Stream,
    maxLength: number,
    handlers: ResponseHandlers,
  ) {
    this.messages = new MessageReader(maxLength);
    stream.on('response', (headers) => {
      this.readStatus(headers);
      if (headers[':status'] !== 200) this.settle(GrpcStatus.UNKNOWN, `HTTP status ${headers[':status']}`);
    });
    stream.on('trailers', (headers) => this.readStatus(headers));
    stream.on('data', (chunk: Buffer) => this.read(chunk, handlers));
    stream.on('error', (err) => this.settle(GrpcStatus.UNAVAILABLE, err.message));
    stream.on('close', () => {
      this.settle(GrpcStatus.UNAVAILABLE, 'the call ended without a status');
      handlers.end(this.code!, this.details, this.trailers);
    });
  }

  /** Ends the call from this side (deadline, cancel, a response it cannot take): RST_STREAM CANCEL, and no more messages. */
  fail(code: number, details: string): void {
    this.settle(code, details);
    this.stream.close(http2.constants.NGHTTP2_CANCEL);
  }

  private read(chunk: Buffer, handlers: ResponseHandlers): void {
    // Once the call has ended (a handler may have failed it), what is still in flight is dropped.
    if (this.code !== undefined) return;
    let messages: Buffer[];
    try {
      messages = this.messages.push(chunk);
    } catch (err) {
      const status = statusOf(err);
      this.fail(status.code, status.details);
      return;
    }
    for (const message of messages) {
      if (this.code !== undefined) return;
      handlers.message(message);
    }
  }

  private readStatus(headers: IncomingHttpHeaders): void {
    if (headers['grpc-status'] === undefined) return;
    const trailers = Object.fromEntries(Object.entries(headers).filter(([k]) => !k.startsWith(':')).map(([k, v]) => [k, String(v)]));
    this.settle(Number(headers['grpc-status']), percentDecoded(String(headers['grpc-message'] ?? '')), trailers);
  }

  private settle(code: number, details: string, trailers: Record<string, string> = {}): void {
    if (this.code !== undefined) return;
    this.code = code;
    this.details = details;
    this.trailers = trailers;
  }
}

/** grpc-message is percent-encoded (the gRPC spec); a malformed one is shown as it came. */
function percentDecoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
