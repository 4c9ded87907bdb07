export { decodeKubernetesProtobuf, encodeKubernetesProtobuf, PROTOBUF_MAGIC, type DecodedObject } from './kubernetes-protobuf.js';
export { ProtobufDecodeError, type ProtobufDecodeReason } from './errors.js';
