import type { IncomingMessage } from 'node:http';
import { decodeKubernetesProtobuf, ProtobufDecodeError } from '@kubeling/api/protobuf/index';
import { errors } from '../errors.js';
import { contentTypeOf } from './negotiation.js';

export const PROTOBUF = 'application/vnd.kubernetes.protobuf';

/** Kubernetes' limit on a request body (3 MiB). */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;

export async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw errors.tooLarge(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw errors.tooLarge(limit);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** A JSON body, with the message Kubernetes gives for one it cannot read. */
export function parseJson(body: Buffer): unknown {
  const text = body.toString('utf8');
  if (text.trim() === '') throw errors.badRequest("Object 'Kind' is missing in ''");
  try {
    return JSON.parse(text);
  } catch (err) {
    throw errors.badRequest(`couldn't get version/kind; json parse error: ${(err as Error).message}`);
  }
}

/**
 * An object body by its Content-Type: JSON (or none: `kubectl scale --current-replicas`
 * sends none), or Kubernetes protobuf, which kubectl 1.32 uses for its typed writes
 * (`create configmap|secret|deployment`, drain's DeleteOptions) and never retries as JSON.
 */
export async function readObjectBody(req: IncomingMessage): Promise<unknown> {
  return decodeObjectBody(contentTypeOf(req.headers['content-type']), await readBody(req));
}

export function decodeObjectBody(type: string, body: Buffer): unknown {
  if (type === 'application/json') return parseJson(body);
  if (type === PROTOBUF) return decodeProtobuf(body);
  throw errors.unsupportedMediaType(type);
}

function decodeProtobuf(body: Buffer): unknown {
  try {
    return decodeKubernetesProtobuf(body).object;
  } catch (err) {
    if (err instanceof ProtobufDecodeError) throw err.reason === 'UnknownKind' ? errors.unsupportedMediaType(`${PROTOBUF} (${err.message})`) : errors.badRequest(err.message);
    throw err;
  }
}
