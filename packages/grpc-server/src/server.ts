import { readFileSync } from 'node:fs';
import http2, { type Http2SecureServer, type Http2Server, type Http2Session, type IncomingHttpHeaders, type ServerHttp2Stream } from 'node:http2';
import { DuplexCall } from './duplex-call.js';
import { MessageReader } from './message-reader.js';
import type { TLSSocket } from 'node:tls';
import type { CallInfo, DuplexHandler, MethodDefinition, ServerStreamHandler, ServiceDefinition, ServiceImplementation, UnaryHandler } from './method.js';
import { Response } from './response.js';
import { GrpcStatus, StatusError, statusOf } from './status.js';

export interface TlsFiles {
  certFile: string;
  keyFile: string;
  /** When set, clients must present a certificate this CA signed (unless clientCertOptional). */
  trustedCaFile?: string;
  /** Verify a client certificate when one is shown, but let clients in without one (they may carry a token). */
  clientCertOptional?: boolean;
  /** Require a client certificate even without a trusted CA file (system CAs). */
  clientCertAuth?: boolean;
}

export interface GrpcServerOptions {
  /** Largest request message accepted; bigger ones get RESOURCE_EXHAUSTED. */
  maxReceiveMessageLength: number;
  /** Called when a handler fails with something other than a StatusError. */
  onInternalError?: (error: unknown, method: string) => void;
}

interface Route {
  method: MethodDefinition<unknown, unknown>;
  unary?: UnaryHandler<unknown, unknown>;
  duplex?: DuplexHandler<unknown, unknown>;
  serverStream?: ServerStreamHandler<unknown, unknown>;
}

/**
 * A lean gRPC server on node:http2: unary and bidirectional streaming calls, identity
 * encoding only, plaintext or TLS. It does per call only what the protocol needs, which
 * is far less than @grpc/grpc-js does, so a call costs the server less CPU.
 */
export class GrpcServer {
  private readonly routes = new Map<string, Route>();
  private readonly listeners: Array<Http2Server | Http2SecureServer> = [];
  private readonly sessions = new Set<Http2Session>();

  constructor(private readonly options: GrpcServerOptions) {}

  addService<S extends ServiceDefinition>(definition: S, implementation: ServiceImplementation<S>): void {
    for (const [name, method] of Object.entries(definition)) {
      const handler = (implementation as Record<string, unknown>)[name];
      if (typeof handler !== 'function') throw new Error(`no handler for ${method.path}`);
      if (method.requestStream && !method.responseStream) throw new Error(`${method.path}: client-streaming calls are not supported`);
      const route: Route = { method };
      if (method.requestStream) route.duplex = handler as DuplexHandler<unknown, unknown>;
      else if (method.responseStream) route.serverStream = handler as ServerStreamHandler<unknown, unknown>;
      else route.unary = handler as UnaryHandler<unknown, unknown>;
      this.routes.set(method.path, route);
    }
  }

  /**
   * Listens on `url`: http://host:port, https://host:port (needs tls), or unix:path.
   * Resolves to the port bound (0 for a unix socket).
   */
  async listen(url: URL, tls?: TlsFiles): Promise<number> {
    const server = url.protocol === 'https:' || url.protocol === 'unixs:' ? http2.createSecureServer(secureOptions(tls, url)) : http2.createServer();
    server.on('session', (session) => {
      this.sessions.add(session);
      session.on('close', () => this.sessions.delete(session));
      session.on('error', () => session.destroy());
    });
    server.on('stream', (stream, headers) => this.dispatch(stream, headers));
    this.listeners.push(server);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      const done = () => {
        server.off('error', reject);
        resolve();
      };
      if (url.protocol === 'unix:' || url.protocol === 'unixs:') server.listen(url.pathname || url.host, done);
      else server.listen(Number(url.port), url.hostname.replace(/^\[|\]$/g, ''), done);
    });
    const address = server.address();
    return typeof address === 'object' && address ? address.port : 0;
  }

  /** Stops listening and closes every connection; open calls are cut. */
  async close(): Promise<void> {
    for (const session of this.sessions) session.destroy();
    await Promise.all(this.listeners.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  }

  private dispatch(stream: ServerHttp2Stream, headers: IncomingHttpHeaders): void {
    stream.on('error', () => undefined);
    const path = headers[':path'] ?? '';
    const response = new Response(stream);
    const contentType = headers['content-type'] ?? '';
    if (headers[':method'] !== 'POST' || !contentType.startsWith('application/grpc')) {
      stream.respond({ ':status': 415, 'content-type': 'text/plain' }, { endStream: true });
      return;
    }
    const route = this.routes.get(path);
    if (!route) {
      response.fail(unknownMethod(path));
      return;
    }
    const reader = new MessageReader(this.options.maxReceiveMessageLength);
    const info: CallInfo = { method: path, headers, peerCertificate: peerCertificateOf(stream) };
    if (route.duplex) {
      const call = new DuplexCall(stream, route.method, response, reader);
      this.guard(path, response, () => route.duplex!(call, info));
    } else if (route.serverStream) {
      const call = new DuplexCall(stream, route.method, response, reader);
      // The one request starts the call; anything after it is the client's mistake, ignored.
      let started = false;
      call.on('data', (request) => {
        if (started) return;
        started = true;
        this.guard(path, response, () => route.serverStream!(request, call, info));
      });
      call.on('end', () => {
        if (!started) call.fail(new StatusError(GrpcStatus.INTERNAL, 'grpc: server-streaming call ended without a request message'));
      });
    } else {
      this.unary(stream, route, reader, response, info);
    }
  }

  private unary(stream: ServerHttp2Stream, route: Route, reader: MessageReader, response: Response, info: CallInfo): void {
    let request: Buffer | undefined;
    let failed = false;
    stream.on('data', (chunk: Buffer) => {
      if (failed) return;
      try {
        for (const message of reader.push(chunk)) {
          if (request !== undefined) throw new StatusError(GrpcStatus.UNIMPLEMENTED, 'grpc: unary call got more than one request message');
          request = message;
        }
      } catch (err) {
        failed = true;
        response.fail(statusOf(err));
      }
    });
    stream.on('end', () => {
      if (failed) return;
      if (request === undefined || reader.partial) {
        response.fail(new StatusError(GrpcStatus.INTERNAL, 'grpc: unary call ended without a whole request message'));
        return;
      }
      let decoded: unknown;
      try {
        decoded = route.method.requestDeserialize(request);
      } catch (err) {
        response.fail(new StatusError(GrpcStatus.INTERNAL, `grpc: error unmarshalling request: ${statusOf(err).details}`));
        return;
      }
      this.guard(info.method, response, () => {
        const result = route.unary!(decoded, info);
        if (result instanceof Promise) result.then((value) => this.answer(route, response, value), (err) => this.reject(info.method, response, err));
        else this.answer(route, response, result);
      });
    });
  }

  private answer(route: Route, response: Response, value: unknown): void {
    response.end(route.method.responseSerialize(value));
  }

  private guard(method: string, response: Response, run: () => void): void {
    try {
      run();
    } catch (err) {
      this.reject(method, response, err);
    }
  }

  private reject(method: string, response: Response, err: unknown): void {
    if (!(err instanceof StatusError)) this.options.onInternalError?.(err, method);
    response.fail(statusOf(err));
  }
}

/** grpc-go's words for a path it has no handler for. */
function unknownMethod(path: string): StatusError {
  const match = /^\/([^/]+)\/([^/]+)$/.exec(path);
  if (!match) return new StatusError(GrpcStatus.UNIMPLEMENTED, `malformed method name: ${JSON.stringify(path)}`);
  return new StatusError(GrpcStatus.UNIMPLEMENTED, `unknown method ${match[2]} for service ${match[1]}`);
}

function secureOptions(tls: TlsFiles | undefined, url: URL): http2.SecureServerOptions {
  if (!tls) throw new Error(`${url.href} needs a certificate and key`);
  const ca = tls.trustedCaFile ? readFileSync(tls.trustedCaFile) : undefined;
  const requestCert = tls.clientCertAuth === true || ca !== undefined;
  return { cert: readFileSync(tls.certFile), key: readFileSync(tls.keyFile), ca, requestCert, rejectUnauthorized: requestCert && tls.clientCertOptional !== true, allowHTTP1: false };
}

/** Peer certificates by connection: reading one is costly, and it cannot change on a connection. */
const peerCertificates = new WeakMap<Http2Session, CallInfo['peerCertificate']>();

/** The verified client certificate of a TLS connection, if any. */
function peerCertificateOf(stream: ServerHttp2Stream): CallInfo['peerCertificate'] {
  const session = stream.session;
  if (!session) return undefined;
  if (peerCertificates.has(session)) return peerCertificates.get(session);
  const socket = session.socket as TLSSocket | undefined;
  let cert: CallInfo['peerCertificate'];
  if (socket && typeof socket.getPeerCertificate === 'function' && socket.authorized) {
    const peer = socket.getPeerCertificate();
    cert = peer && Object.keys(peer).length > 0 ? peer : undefined;
  }
  peerCertificates.set(session, cert);
  return cert;
}
