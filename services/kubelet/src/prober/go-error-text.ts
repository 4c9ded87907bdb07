// Error texts as the Go kubelet's net/http and gRPC stacks word them, because they end up in
// the probe events users read ("dial tcp 10.244.1.5:8080: connect: connection refused").
import { isIP } from 'node:net';

/** net.JoinHostPort: IPv6 literals in brackets. */
export const joinHostPort = (host: string, port: number) => (isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`);

const CONNECT_ERRORS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  EHOSTUNREACH: 'no route to host',
  ENETUNREACH: 'network is unreachable',
  ECONNRESET: 'connection reset by peer',
  ETIMEDOUT: 'connection timed out',
};

/** The text of a failed TCP dial (or of a request that failed after its dial) as Go's net package gives it. */
export function dialErrorText(host: string, port: number, err: NodeJS.ErrnoException): string {
  if (err.syscall === 'getaddrinfo') return `dial tcp: lookup ${host}: no such host`;
  const connect = err.code ? CONNECT_ERRORS[err.code] : undefined;
  if (err.syscall === 'connect' && connect) return `dial tcp ${joinHostPort(host, port)}: connect: ${connect}`;
  // The peer closed the connection before a response: Go's client reports io.EOF.
  if (err.code === 'ECONNRESET') return 'EOF';
  return err.message;
}

/** dial tcp ...: i/o timeout, Go's text for a dial that ran out of time. */
export const dialTimeoutText = (host: string, port: number) => `dial tcp ${joinHostPort(host, port)}: i/o timeout`;

const GRPC_CODES = [
  'OK', 'Canceled', 'Unknown', 'InvalidArgument', 'DeadlineExceeded', 'NotFound', 'AlreadyExists', 'PermissionDenied',
  'ResourceExhausted', 'FailedPrecondition', 'Aborted', 'OutOfRange', 'Unimplemented', 'Internal', 'Unavailable', 'DataLoss',
  'Unauthenticated',
];

export const GRPC_DEADLINE_EXCEEDED = 4;

/** The gRPC status code of an error from a grpc-js call, if it is one. */
export function grpcCodeOf(err: unknown): number | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}

/** status.Error's text, "rpc error: code = NotFound desc = ...", for a grpc-js error; other errors as they are. */
export function rpcErrorText(err: unknown): string {
  const code = grpcCodeOf(err);
  const details = (err as { details?: unknown }).details;
  if (code === undefined || typeof details !== 'string') return err instanceof Error ? err.message : String(err);
  return `rpc error: code = ${GRPC_CODES[code] ?? `Code(${code})`} desc = ${details}`;
}
