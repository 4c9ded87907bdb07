import { EventEmitter } from 'node:events';
import { CallError } from './call-error.js';
import type { ResponseHandlers, ResponseReader } from './response-reader.js';
import { GrpcStatus } from './status.js';
import { TrailerMetadata } from './trailer-metadata.js';

/** How a call ended, as grpc-js' StatusObject gives it. */
export interface CallStatus {
  code: number;
  details: string;
  metadata: TrailerMetadata;
}

export interface ServerStreamEvents<Res> {
  /** A response message, decoded. */
  data: [Res];
  /** The server ended the call with OK. */
  end: [];
  /** The call failed: the server's status, UNAVAILABLE when the connection went, CANCELLED after cancel(). */
  error: [CallError];
  /** How the call ended, whichever way (before 'end', after 'error', as grpc-js orders them). */
  status: [CallStatus];
}

/**
 * The client's side of a server-streaming call, with the events and cancel() of grpc-js'
 * ClientReadableStream. Messages are decoded and emitted as their bytes arrive, nothing is
 * queued here: a slow listener holds the event loop, and HTTP/2 flow control the server.
 */
export class ServerStreamCall<Res> extends EventEmitter<ServerStreamEvents<Res>> {
  private readonly response: ResponseReader;

  /** `open` starts the call on a connection, handing its response to the handlers given. */
  constructor(
    private readonly deserialize: (bytes: Buffer) => Res,
    open: (handlers: ResponseHandlers) => ResponseReader,
  ) {
    super();
    this.response = open({ message: (bytes) => this.receive(bytes), end: (code, details, trailers) => this.finish(code, details, trailers) });
  }

  /** Stops the call (RST_STREAM CANCEL): no message after this; it then fails with CANCELLED, as grpc-js' does. */
  cancel(): void {
    this.response.fail(GrpcStatus.CANCELLED, 'Cancelled on client');
  }

  private receive(bytes: Buffer): void {
    let message: Res;
    try {
      message = this.deserialize(bytes);
    } catch (err) {
      this.response.fail(GrpcStatus.INTERNAL, `bad response: ${(err as Error).message}`);
      return;
    }
    // Outside the try: a listener's own error is its own, not a bad response.
    this.emit('data', message);
  }

  private finish(code: number, details: string, trailers: Record<string, string>): void {
    const status: CallStatus = { code, details, metadata: new TrailerMetadata(trailers) };
    if (code === GrpcStatus.OK) {
      this.emit('status', status);
      this.emit('end');
    } else {
      this.emit('error', new CallError(code, details, trailers));
      this.emit('status', status);
    }
  }
}
