import { EventEmitter } from 'node:events';
import type { ServerHttp2Stream } from 'node:http2';
import type { MethodDefinition } from './method.js';
import { frame, type MessageReader } from './message-reader.js';
import type { Response } from './response.js';
import { GrpcStatus, StatusError, statusOf } from './status.js';

export interface DuplexCallEvents<Req> {
  /** A request message. */
  data: [Req];
  /** The client half-closed: no more requests. */
  end: [];
  /** The stream is gone, normally or not (reset, connection lost, bad input): stop writing. */
  close: [];
  /** The response buffer drained after write returned false. */
  drain: [];
}

/**
 * A bidirectional streaming call. Requests arrive as 'data' events; write() sends
 * responses in order; end() finishes with OK, fail() with a status.
 */
export class DuplexCall<Req, Res> extends EventEmitter<DuplexCallEvents<Req>> {
  private done = false;

  constructor(
    private readonly stream: ServerHttp2Stream,
    private readonly method: MethodDefinition<Req, Res>,
    private readonly response: Response,
    reader: MessageReader,
  ) {
    super();
    stream.on('data', (chunk: Buffer) => {
      if (this.done) return;
      try {
        for (const message of reader.push(chunk)) this.emit('data', method.requestDeserialize(message));
      } catch (err) {
        this.fail(err instanceof StatusError ? err : new StatusError(GrpcStatus.INTERNAL, `grpc: error unmarshalling request: ${statusOf(err).details}`));
      }
    });
    stream.on('end', () => {
      if (!this.done) this.emit('end');
    });
    stream.on('drain', () => this.emit('drain'));
    stream.on('close', () => this.finish());
    stream.on('error', () => this.finish());
  }

  /** Bytes queued for the client and not yet taken by it. */
  get writableLength(): number {
    return this.stream.writableLength;
  }

  /** Sends one response; false when the buffer is over its mark (wait for 'drain'). */
  write(message: Res): boolean {
    return this.response.write(frame(this.method.responseSerialize(message)));
  }

  end(): void {
    this.response.end();
  }

  fail(error: StatusError): void {
    this.response.fail(error);
    this.finish();
  }

  private finish(): void {
    if (this.done) return;
    this.done = true;
    this.emit('close');
  }
}
