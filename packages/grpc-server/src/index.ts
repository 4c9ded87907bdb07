export { GrpcServer, type GrpcServerOptions, type TlsFiles } from './server.js';
export { DuplexCall } from './duplex-call.js';
export type { CallInfo, DuplexHandler, MethodDefinition, ServerStreamHandler, ServiceDefinition, ServiceImplementation, UnaryHandler } from './method.js';
export { GrpcStatus, StatusError } from './status.js';
export { frame, MessageReader } from './message-reader.js';
export { CallError } from './call-error.js';
export { TrailerMetadata } from './trailer-metadata.js';
export { ServerStreamCall, type CallStatus, type ServerStreamEvents } from './server-stream-call.js';
export { UnaryChannel, type ClientMethod, type UnaryChannelTls } from './unary-channel.js';
