// NewRequestForHTTPGetAction: the GET an httpGet probe sends - to the probe's host or the
// pod IP, on a numbered or named container port - with the probe's headers over kube-probe's.
import type { Container, HTTPGetAction, HTTPHeader } from 'kubernetes-types/core/v1.js';
import { resolveContainerPort } from './container-port.js';
import { joinHostPort } from './go-error-text.js';

/** "kube-probe/<major>.<minor>" of the Kubernetes version the cluster reports (v1.32). */
export const PROBE_USER_AGENT = 'kube-probe/1.32';

export interface HttpProbeRequest {
  url: URL;
  /** Canonical header names, each with its values in order; Host, if given, names the virtual host. */
  headers: Map<string, string[]>;
}

/** textproto.CanonicalMIMEHeaderKey: "x-custom-header" is sent as "X-Custom-Header". */
export const canonicalHeaderName = (name: string) => name.toLowerCase().replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => dash + c.toUpperCase());

function probeHeaders(httpHeaders: readonly HTTPHeader[] = []): Map<string, string[]> {
  const headers = new Map<string, string[]>();
  for (const { name, value } of httpHeaders) {
    const key = canonicalHeaderName(name);
    headers.set(key, [...(headers.get(key) ?? []), value]);
  }
  if (!headers.has('User-Agent')) headers.set('User-Agent', [PROBE_USER_AGENT]);
  if (!headers.has('Accept')) headers.set('Accept', ['*/*']);
  // An Accept header given empty means "send none".
  else if (headers.get('Accept')![0] === '') headers.delete('Accept');
  return headers;
}

/** formatURL: the path may carry a query; the scheme and host:port always come from the probe. */
function probeUrl(scheme: string, host: string, port: number, path: string): URL {
  const url = new URL(`${scheme}://${joinHostPort(host, port)}`);
  const query = path.indexOf('?');
  url.pathname = query < 0 ? path : path.slice(0, query);
  if (query >= 0) url.search = path.slice(query + 1);
  return url;
}

/** Throws a PortResolutionError for a port the container does not have. */
export function httpGetRequest(action: HTTPGetAction, container: Container, podIP: string): HttpProbeRequest {
  const scheme = (action.scheme ?? 'HTTP').toLowerCase();
  const port = resolveContainerPort(action.port, container);
  return { url: probeUrl(scheme, action.host || podIP, port, action.path ?? ''), headers: probeHeaders(action.httpHeaders) };
}
