// The `application/vnd.kubernetes.protobuf` body: the magic `k8s\0`, then a runtime.Unknown
// whose typeMeta names the object and whose raw bytes are the object's message
// (k8s.io/apimachinery/pkg/runtime/serializer/protobuf).
import protobuf from 'protobufjs';
import { ProtobufDecodeError } from './errors.js';
import { jsonToMessage } from './from-json.js';
import { kubernetesProtos, messageTypeFor } from './kubernetes-protos.js';
import { messageToJson } from './to-json.js';

/** The prefix of every Kubernetes protobuf body. */
export const PROTOBUF_MAGIC = Buffer.from('k8s\0', 'latin1');

const UNKNOWN = 'k8s.io.apimachinery.pkg.runtime.Unknown';

export interface DecodedObject {
  apiVersion: string;
  kind: string;
  /** The object as Kubernetes JSON, apiVersion and kind included. */
  object: Record<string, unknown>;
}

interface Unknown {
  typeMeta?: { apiVersion?: string; kind?: string };
  raw?: Uint8Array;
}

/** Decodes a protobuf request body into the JSON object it carries; throws ProtobufDecodeError. */
export function decodeKubernetesProtobuf(body: Buffer): DecodedObject {
  if (body.length < PROTOBUF_MAGIC.length || !body.subarray(0, PROTOBUF_MAGIC.length).equals(PROTOBUF_MAGIC)) {
    throw new ProtobufDecodeError(
      'NotKubernetesProtobuf',
      `provided data does not appear to be a protobuf message, expected prefix ${JSON.stringify([...PROTOBUF_MAGIC])}`,
    );
  }
  const unknown = decode(kubernetesProtos().lookupType(UNKNOWN), body.subarray(PROTOBUF_MAGIC.length)) as Unknown;
  const apiVersion = unknown.typeMeta?.apiVersion ?? '';
  const kind = unknown.typeMeta?.kind ?? '';
  const type = messageTypeFor(apiVersion, kind);
  if (!type) {
    throw new ProtobufDecodeError('UnknownKind', `no kind ${JSON.stringify(kind)} is registered for version ${JSON.stringify(apiVersion)}`);
  }
  const message = decode(type, unknown.raw ?? new Uint8Array());
  const object = { apiVersion, kind, ...(messageToJson(type, message) as Record<string, unknown>) };
  return { apiVersion, kind, object };
}

/** The inverse, as client-go would send it; for tests and clients. Throws on an unknown apiVersion/kind. */
export function encodeKubernetesProtobuf(apiVersion: string, kind: string, object: Record<string, unknown>): Buffer {
  const type = messageTypeFor(apiVersion, kind);
  if (!type) throw new TypeError(`no protobuf message for ${apiVersion}, Kind=${kind}`);
  const raw = type.encode(type.fromObject(jsonToMessage(type, object) ?? {})).finish();
  const unknownType = kubernetesProtos().lookupType(UNKNOWN);
  const unknown = unknownType.fromObject({ typeMeta: { apiVersion, kind }, raw, contentEncoding: '', contentType: '' });
  return Buffer.concat([PROTOBUF_MAGIC, unknownType.encode(unknown).finish()]);
}

function decode(type: protobuf.Type, bytes: Uint8Array): Record<string, unknown> {
  try {
    return type.decode(bytes) as unknown as Record<string, unknown>;
  } catch (error) {
    throw new ProtobufDecodeError('Malformed', `malformed protobuf ${type.name}: ${(error as Error).message}`);
  }
}
