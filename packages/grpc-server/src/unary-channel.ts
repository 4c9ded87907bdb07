import http2, { type ClientHttp2Session, type OutgoingHttpHeaders } from 'node:http2';
import { CallError } from './call-error.js';
import { frame } from './message-reader.js';
import { ResponseReader, type ResponseHandlers } from './response-reader.js';
import { ServerStreamCall } from './server-stream-call.js';
import { GrpcStatus } from './status.js';

const MAX_RESPONSE = 256 * 1024 * 1024;

/** The client's half of a method, as ts-proto's grpc-js service definitions give it. */
export interface ClientMethod<Req, Res> {
  path: string;
  requestSerialize(value: Req): Buffer;
  responseDeserialize(bytes: Buffer): Res;
}

export interface UnaryChannelTls {
  ca: string;
  /** The client certificate and key, when the server is to know the client by them (mutual TLS). */
  cert?: string;
  key?: string;
  /** The name the server's certificate must carry (needed when endpoints are IP addresses). */
  servername?: string;
}

/**
 * Unary and server-streaming gRPC calls over one HTTP/2 connection (plaintext, or TLS with
 * or without a client certificate), with none of a general gRPC client's machinery: the
 * apiserver's calls to the store and the components' calls and watches to the apiserver are
 * this hot path. When a connection fails, every call on it ends UNAVAILABLE and the next
 * call opens one to the next endpoint.
 */
export class UnaryChannel {
  private session?: ClientHttp2Session;
  private current = 0;
  private readonly headers: OutgoingHttpHeaders;

  constructor(
    private readonly endpoints: string[],
    private readonly tls?: UnaryChannelTls,
    /** Sent with every call, e.g. `authorization`. */
    metadata: Record<string, string> = {},
  ) {
    if (endpoints.length === 0) throw new Error('no endpoints given');
    this.headers = { ...metadata, ':method': 'POST', 'content-type': 'application/grpc', te: 'trailers' };
  }

  call<Req, Res>(method: ClientMethod<Req, Res>, request: Req, timeoutMs: number): Promise<Res> {
    return new Promise<Res>((resolve, reject) => {
      let message: Buffer | undefined;
      const response = this.start(method, request, {
        message: (bytes) => {
          message = bytes;
        },
        end: (code, details, trailers) => {
          clearTimeout(timer);
          if (code !== GrpcStatus.OK) return reject(new CallError(code, details, trailers));
          if (!message) return reject(new CallError(GrpcStatus.INTERNAL, 'no response message'));
          try {
            resolve(method.responseDeserialize(message));
          } catch (err) {
            reject(new CallError(GrpcStatus.INTERNAL, `bad response: ${(err as Error).message}`));
          }
        },
      });
      const timer = setTimeout(() => response.fail(GrpcStatus.DEADLINE_EXCEEDED, 'Deadline exceeded'), timeoutMs);
    });
  }

  /** A call answered by a stream of messages; it has no deadline (watches last as long as they are wanted). */
  serverStream<Req, Res>(method: ClientMethod<Req, Res>, request: Req): ServerStreamCall<Res> {
    return new ServerStreamCall<Res>(method.responseDeserialize, (handlers) => this.start(method, request, handlers));
  }

  close(): void {
    this.session?.close();
    this.session = undefined;
  }

  /** Sends the one request message of a call on the current connection, its response to `handlers`. */
  private start<Req, Res>(method: ClientMethod<Req, Res>, request: Req, handlers: ResponseHandlers): ResponseReader {
    const session = this.connect();
    const stream = session.request({ ...this.headers, ':path': method.path });
    stream.on('error', () => this.drop(session));
    const response = new ResponseReader(stream, MAX_RESPONSE, handlers);
    stream.end(frame(method.requestSerialize(request)));
    return response;
  }

  private connect(): ClientHttp2Session {
    if (this.session && !this.session.closed && !this.session.destroyed) return this.session;
    const endpoint = this.endpoints[this.current % this.endpoints.length]!;
    const session = this.tls
      ? http2.connect(`https://${endpoint}`, { ca: this.tls.ca, cert: this.tls.cert, key: this.tls.key, servername: this.tls.servername })
      : http2.connect(`http://${endpoint}`);
    session.on('error', () => this.drop(session));
    session.on('goaway', () => this.drop(session));
    session.on('close', () => this.drop(session));
    this.session = session;
    return session;
  }

  /** Forgets a failed connection; the next call goes to the next endpoint. */
  private drop(session: ClientHttp2Session): void {
    if (this.session !== session) return;
    this.session = undefined;
    this.current++;
    session.destroy();
  }
}
