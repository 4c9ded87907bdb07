/** Why a protobuf request body could not be decoded; the apiserver maps it to a status code. */
export type ProtobufDecodeReason =
  /** The body does not start with the `k8s\0` magic of Kubernetes' protobuf serializer. */
  | 'NotKubernetesProtobuf'
  /** The runtime.Unknown envelope names an apiVersion/kind we have no message for. */
  | 'UnknownKind'
  /** The bytes are not a valid encoding of the message. */
  | 'Malformed';

/** A `application/vnd.kubernetes.protobuf` body that cannot become a JSON object. */
export class ProtobufDecodeError extends Error {
  override readonly name = 'ProtobufDecodeError';

  constructor(
    readonly reason: ProtobufDecodeReason,
    message: string,
  ) {
    super(message);
  }
}
