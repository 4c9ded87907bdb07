import type { PeerCertificate } from 'node:tls';
import type { DuplexCall } from './duplex-call.js';

/** A method as ts-proto's grpc-js service definitions describe it. */
export interface MethodDefinition<Req, Res> {
  path: string;
  requestStream: boolean;
  responseStream: boolean;
  requestDeserialize(bytes: Buffer): Req;
  responseSerialize(value: Res): Buffer;
}

export type ServiceDefinition = Record<string, MethodDefinition<any, any>>;

/** What a call knows about its peer. */
export interface CallInfo {
  /** The :path, e.g. /etcdserverpb.KV/Put. */
  method: string;
  headers: Record<string, string | string[] | undefined>;
  /** The client's verified TLS certificate, when the connection has one. */
  peerCertificate?: PeerCertificate;
}

/** Answers one request; throw (or reject with) a StatusError to end with that status. */
export type UnaryHandler<Req, Res> = (request: Req, info: CallInfo) => Res | Promise<Res>;

/** Owns a bidirectional stream from the moment it opens. */
export type DuplexHandler<Req, Res> = (call: DuplexCall<Req, Res>, info: CallInfo) => void;

/** Answers one request with a stream of responses (write them, then end() or fail()). */
export type ServerStreamHandler<Req, Res> = (request: Req, call: DuplexCall<Req, Res>, info: CallInfo) => void;

type RequestOf<M> = M extends MethodDefinition<infer Req, any> ? Req : never;
type ResponseOf<M> = M extends MethodDefinition<any, infer Res> ? Res : never;

/** The handlers for a service: unary methods answer, bidi methods get the stream. */
export type ServiceImplementation<S extends ServiceDefinition> = {
  [K in keyof S]: S[K]['requestStream'] extends true
    ? DuplexHandler<RequestOf<S[K]>, ResponseOf<S[K]>>
    : S[K]['responseStream'] extends true
      ? ServerStreamHandler<RequestOf<S[K]>, ResponseOf<S[K]>>
      : UnaryHandler<RequestOf<S[K]>, ResponseOf<S[K]>>;
};
