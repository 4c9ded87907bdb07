import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { KeyObject } from 'node:crypto';
import type { Logger } from 'pino';
import { errors } from '../errors.js';
import { userFromCertificate, type CertificateInput, type UserInfo } from '@kubeling/pki';
import { TokenError, verifyServiceAccountToken, type ServiceAccountRef } from './service-account-token.js';

export type { UserInfo };

/**
 * The request's user from its client certificate (CN = user, O = groups), verified
 * against the client CA by the TLS layer. No verified certificate is 401.
 */
export function certificateUser(req: IncomingMessage): UserInfo {
  const socket = req.socket as TLSSocket;
  if (!socket.authorized) throw errors.unauthorized();
  const known = users.get(socket);
  if (known) return known;
  const user = verifiedCertificateUser(socket.getPeerCertificate());
  users.set(socket, user);
  return user;
}

/** The user a certificate the TLS layer verified names, in system:authenticated as every authenticated user is. */
export function verifiedCertificateUser(certificate: CertificateInput | undefined): UserInfo {
  const user = certificate && userFromCertificate(certificate);
  if (!user) throw errors.unauthorized();
  return { username: user.username, groups: [...user.groups, 'system:authenticated'] };
}

/** Users by connection: reading the peer certificate is costly, and it cannot change on a connection. */
const users = new WeakMap<TLSSocket, UserInfo>();


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

  authenticate(req: IncomingMessage): Promise<UserInfo> {
    return this.credentials(req.headers.authorization, () => certificateUser(req));
  }

  /** The same chain for any transport: the Authorization header's value, else the verified certificate's user. */
  async credentials(authorization: string | undefined, certificate: () => UserInfo): Promise<UserInfo> {
    if (authorization?.startsWith('Bearer ')) return this.token(authorization.slice('Bearer '.length).trim());
    return certificate();
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
