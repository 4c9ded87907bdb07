import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import type { UserInfo } from './authenticate.js';

/** The issuer Kubernetes' service account tokens carry by default. */
export const SERVICE_ACCOUNT_ISSUER = 'https://kubernetes.default.svc.cluster.local';

interface Claims {
  iss?: string;
  sub?: string;
  exp?: number;
  nbf?: number;
  'kubernetes.io'?: { namespace?: string; serviceaccount?: { name?: string; uid?: string } };
}

export interface ServiceAccountRef {
  namespace: string;
  name: string;
  uid?: string;
}

/** Why a token was refused (the request then gets 401; the reason is only logged). */
export class TokenError extends Error {}

function decodePart<T>(part: string | undefined, what: string): T {
  try {
    return JSON.parse(Buffer.from(part ?? '', 'base64url').toString('utf8')) as T;
  } catch {
    throw new TokenError(`malformed token ${what}`);
  }
}

/**
 * Verifies a service account JWT (RS256, signed with the key whose public half is
 * --service-account-key-file): signature, issuer, lifetime, and a subject of the form
 * system:serviceaccount:<namespace>:<name>. The account's existence is checked by the caller.
 */
export function verifyServiceAccountToken(token: string, key: KeyObject, now = Date.now() / 1000): { user: UserInfo; account: ServiceAccountRef } {
  const parts = token.split('.');
  if (parts.length !== 3) throw new TokenError('not a JWT');
  const header = decodePart<{ alg?: string }>(parts[0], 'header');
  if (header.alg !== 'RS256') throw new TokenError(`unsupported signing algorithm ${header.alg}`);
  const signed = Buffer.from(`${parts[0]}.${parts[1]}`);
  if (!verify('RSA-SHA256', signed, key, Buffer.from(parts[2]!, 'base64url'))) throw new TokenError('invalid signature');
  const claims = decodePart<Claims>(parts[1], 'claims');
  if (claims.iss !== SERVICE_ACCOUNT_ISSUER) throw new TokenError(`unknown issuer ${claims.iss}`);
  if (typeof claims.exp === 'number' && claims.exp < now) throw new TokenError('token has expired');
  if (typeof claims.nbf === 'number' && claims.nbf > now + 60) throw new TokenError('token is not valid yet');
  const match = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(claims.sub ?? '');
  if (!match) throw new TokenError(`subject ${claims.sub} is not a service account`);
  const [, namespace, name] = match as unknown as [string, string, string];
  return {
    user: { username: claims.sub!, groups: ['system:serviceaccounts', `system:serviceaccounts:${namespace}`, 'system:authenticated'] },
    account: { namespace, name, uid: claims['kubernetes.io']?.serviceaccount?.uid },
  };
}

export function loadPublicKey(pem: string | Buffer): KeyObject {
  return createPublicKey(pem);
}
