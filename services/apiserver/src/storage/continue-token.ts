import { errors } from '../errors.js';

/** What a list's continue token carries, as Kubernetes' storage encodes it. */
export interface ContinueToken {
  /** The revision the first page was read at; later pages read the same snapshot. */
  rv: bigint;
  /** The key (below the list prefix) the next page starts at. */
  start: string;
}

export function encodeContinue(token: ContinueToken): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: Number(token.rv), start: token.start })).toString('base64url');
}

export function decodeContinue(raw: string): ContinueToken {
  try {
    const parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as { v?: unknown; rv?: unknown; start?: unknown };
    if (parsed.v !== 'meta.k8s.io/v1' || typeof parsed.rv !== 'number' || typeof parsed.start !== 'string' || parsed.start.includes('..')) throw new Error('bad token');
    return { rv: BigInt(parsed.rv), start: parsed.start };
  } catch {
    throw errors.badRequest('continue key is not valid: invalid continue token');
  }
}
