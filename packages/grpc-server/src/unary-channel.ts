import http2, { type ClientHttp2Session } from 'node:http2';
import { frame, MessageReader } from './message-reader.js';
import { GrpcStatus } from './status.js';

/** What a failed call reports, shaped as grpc-js reports it (code, details) so callers handle both alike. */
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
}

const MAX_RESPONSE = 256 * 1024 * 1024;

/** The client's half of a method, as ts-proto's grpc-js service definitions give it. */
export interface UnaryMethod<Req, Res> {
  path: string;
  requestSerialize(value: Req): Buffer;
  responseDeserialize(bytes: Buffer): Res;
}

export interface UnaryChannelTls {
  ca: string;
  cert: string;
  key: string;
  /** The name the server's certificate must carry (needed when endpoints are IP addresses). */
  servername?: string;
}

/**
 * Unary gRPC calls over one HTTP/2 connection (plaintext, or TLS with a client
 * certificate), with none of a general gRPC client's machinery: the apiserver's calls to
 * the store and the components' calls to the apiserver are this hot path. When a
 * connection fails, the next call opens one to the next endpoint.
 */
export class UnaryChannel {
  private session?: ClientHttp2Session;
  private current = 0;

  constructor(
    private readonly endpoints: string[],
    private readonly tls?: UnaryChannelTls,
  ) {
    if (endpoints.length === 0) throw new Error('no endpoints given');
  }

  call<Req, Res>(method: UnaryMethod<Req, Res>, request: Req, timeoutMs: number): Promise<Res> {
    return new Promise<Res>((resolve, reject) => {
      const session = this.connect();
      const stream = session.request({ ':method': 'POST', ':path': method.path, 'content-type': 'application/grpc', te: 'trailers' });
      const reader = new MessageReader(MAX_RESPONSE);
      let message: Buffer | undefined;
      let status: number | undefined;
      let details = '';
      let trailers: Record<string, string> = {};
      const timer = setTimeout(() => {
        stream.close(http2.constants.NGHTTP2_CANCEL);
        reject(new CallError(GrpcStatus.DEADLINE_EXCEEDED, 'Deadline exceeded'));
      }, timeoutMs);
      const readStatus = (headers: http2.IncomingHttpHeaders) => {
        if (headers['grpc-status'] !== undefined) {
          status = Number(headers['grpc-status']);
          details = percentDecoded(String(headers['grpc-message'] ?? ''));
          trailers = Object.fromEntries(Object.entries(headers).filter(([k]) => !k.startsWith(':')).map(([k, v]) => [k, String(v)]));
        }
      };
      stream.on('response', (headers) => {
        if (headers[':status'] !== 200) {
          status = GrpcStatus.UNKNOWN;
          details = `HTTP status ${headers[':status']}`;
        }
        readStatus(headers);
      });
      stream.on('trailers', readStatus);
      stream.on('data', (chunk: Buffer) => {
        try {
          for (const m of reader.push(chunk)) message = m;
        } catch (err) {
          status = GrpcStatus.INTERNAL;
          details = (err as Error).message;
          stream.close(http2.constants.NGHTTP2_CANCEL);
        }
      });
      stream.on('error', (err) => {
        clearTimeout(timer);
        this.drop(session);
        reject(new CallError(GrpcStatus.UNAVAILABLE, err.message));
      });
      stream.on('close', () => {
        clearTimeout(timer);
        if (status === undefined) return reject(new CallError(GrpcStatus.UNAVAILABLE, 'the call ended without a status'));
        if (status !== GrpcStatus.OK) return reject(new CallError(status, details, trailers));
        if (!message) return reject(new CallError(GrpcStatus.INTERNAL, 'no response message'));
        try {
          resolve(method.responseDeserialize(message));
        } catch (err) {
          reject(new CallError(GrpcStatus.INTERNAL, `bad response: ${(err as Error).message}`));
        }
      });
      stream.end(frame(method.requestSerialize(request)));
    });
  }

  close(): void {
    this.session?.close();
    this.session = undefined;
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

/** grpc-message is percent-encoded (the gRPC spec); a malformed one is shown as it came. */
function percentDecoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
