import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { KeyObject } from 'node:crypto';
import type { Logger } from 'pino';
import { errors } from '../errors.js';
import { TokenError, verifyServiceAccountToken, type ServiceAccountRef } from './service-account-token.js';

export interface UserInfo {
  username: string;
  groups: string[];
}

/**
 * The request's user from its client certificate (CN = user, O = groups), verified
 * against the client CA by the TLS layer. No verified certificate is 401.
 */
export function certificateUser(req: IncomingMessage): UserInfo {
  const socket = req.socket as TLSSocket;
  if (!socket.authorized) throw errors.unauthorized();
  const known = users.get(socket);
  if (known) return known;
  const user = userOf(socket);
  users.set(socket, user);
  return user;
}

/** Users by connection: reading the peer certificate is costly, and it cannot change on a connection. */
const users = new WeakMap<TLSSocket, UserInfo>();

function userOf(socket: TLSSocket): UserInfo {
  const subject = socket.getPeerCertificate().subject as unknown as Record<string, string | string[] | undefined> | undefined;
  const cn = subject?.CN;
  const username = Array.isArray(cn) ? cn[0] : cn;
  if (!username) throw errors.unauthorized();
  const o = subject?.O;
  const groups = o === undefined ? [] : Array.isArray(o) ? o : [o];
  return { username, groups: [...groups, 'system:authenticated'] };
}

/**
 * Authentication as the apiserver chains it: a bearer token (a service account token
 * signed with the service account key, whose account still exists with the same uid), else
 * a client certificate. Anything else is 401 Unauthorized, with the reason only logged.
 */
export class Authenticator {
  constructor(
    private readonly serviceAccountKey: KeyObject | undefined,
    private readonly accountUid: (ref: ServiceAccountRef) => Promise<string | undefined>,
    private readonly log: Logger,
  ) {}

  async authenticate(req: IncomingMessage): Promise<UserInfo> {
    const header = req.headers.authorization;
    if (header?.startsWith('Bearer ')) return this.token(header.slice('Bearer '.length).trim());
    return certificateUser(req);
  }

  private async token(token: string): Promise<UserInfo> {
    if (!this.serviceAccountKey) throw errors.unauthorized();
    try {
      const { user, account } = verifyServiceAccountToken(token, this.serviceAccountKey);
      const uid = await this.accountUid(account);
      if (uid === undefined) throw new TokenError(`service account ${account.namespace}/${account.name} does not exist`);
      if (account.uid && account.uid !== uid) throw new TokenError(`service account ${account.namespace}/${account.name} was recreated (uid ${uid}, token for ${account.uid})`);
      return user;
    } catch (err) {
      if (err instanceof TokenError) {
        this.log.info({ reason: err.message }, 'bearer token refused');
        throw errors.unauthorized();
      }
      throw err;
    }
  }
}
