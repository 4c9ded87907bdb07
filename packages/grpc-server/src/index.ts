export { GrpcServer, type GrpcServerOptions, type TlsFiles } from './server.js';
export { DuplexCall } from './duplex-call.js';
export type { CallInfo, DuplexHandler, MethodDefinition, ServerStreamHandler, ServiceDefinition, ServiceImplementation, UnaryHandler } from './method.js';
export { GrpcStatus, StatusError } from './status.js';
export { frame, MessageReader } from './message-reader.js';
export { CallError, UnaryChannel, type UnaryChannelTls, type UnaryMethod } from './unary-channel.js';
