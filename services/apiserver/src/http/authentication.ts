import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { errors } from '../errors.js';

export interface UserInfo {
  username: string;
  groups: string[];
}

/**
 * The request's user from its client certificate (CN = user, O = groups), verified
 * against the client CA by the TLS layer. No verified certificate is 401.
 */
export function authenticate(req: IncomingMessage): UserInfo {
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
