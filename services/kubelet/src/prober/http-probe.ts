// pkg/probe/http: a GET with a deadline; 200-399 is a success (a redirect it stopped at is a
// success with a warning), anything else a failure. Redirects are followed only on the same
// host (followNonLocalRedirects=false), at most 10, and TLS is not verified, as Kubernetes does.
import http from 'node:http';
import https from 'node:https';
import { dialErrorText } from './go-error-text.js';
import type { HttpProbeRequest } from './http-get-request.js';
import { failure, MAX_OUTPUT_BYTES, success, unknown, type ProbeOutput } from './probe-result.js';

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 10;

interface Response {
  status: number;
  location?: string;
  body: string;
}

/** Where the exchange was when it failed: Go words a timeout before the headers and one while reading the body differently. */
class ExchangeError extends Error {
  constructor(
    readonly reason: NodeJS.ErrnoException | 'deadline',
    readonly readingBody: boolean,
  ) {
    super(reason === 'deadline' ? 'deadline' : reason.message);
  }
}

const defaultPort = (url: URL) => Number(url.port) || (url.protocol === 'https:' ? 443 : 80);

function headersObject(headers: Map<string, string[]>): http.OutgoingHttpHeaders {
  return Object.fromEntries([...headers].map(([name, values]) => [name, values.length === 1 ? values[0] : values]));
}

function readBody(res: http.IncomingMessage, done: (body: string) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  const finish = () => done(Buffer.concat(chunks).subarray(0, MAX_OUTPUT_BYTES).toString('utf8'));
  res.on('data', (chunk: Buffer) => {
    chunks.push(chunk);
    size += chunk.length;
    // Past the limit the rest is not read (ReadAtMost): the body is truncated, not an error.
    if (size >= MAX_OUTPUT_BYTES) {
      res.destroy();
      finish();
    }
  });
  res.on('end', finish);
}

function get(url: URL, headers: Map<string, string[]>, signal: AbortSignal): Promise<Response> {
  return new Promise((resolve, reject) => {
    let readingBody = false;
    const module = url.protocol === 'https:' ? https : http;
    // agent: false is DisableKeepAlives: one connection per probe, closed after it.
    const req = module.request(url, { method: 'GET', headers: headersObject(headers), agent: false, rejectUnauthorized: false }, (res) => {
      readingBody = true;
      res.on('error', (err) => reject(new ExchangeError(err, true)));
      readBody(res, (body) => resolve({ status: res.statusCode ?? 0, location: res.headers.location, body }));
    });
    const onAbort = () => {
      reject(new ExchangeError('deadline', readingBody));
      req.destroy();
    };
    signal.addEventListener('abort', onAbort, { once: true });
    req.on('close', () => signal.removeEventListener('abort', onAbort));
    req.on('error', (err) => reject(new ExchangeError(err, readingBody)));
    req.end();
  });
}

/** The next request's headers: a custom Host survives only a relative redirect, as in Go's client. */
function redirectHeaders(headers: Map<string, string[]>, location: string): Map<string, string[]> {
  const next = new Map(headers);
  if (URL.canParse(location)) next.delete('Host');
  return next;
}

class TooManyRedirects extends Error {}

/** GETs the request, following same-host redirects; a redirect elsewhere returns the 3xx itself (ErrUseLastResponse). */
async function getFollowingRedirects(request: HttpProbeRequest, signal: AbortSignal): Promise<Response> {
  let url = request.url;
  let headers = request.headers;
  for (let requests = 1; ; requests++) {
    const res = await get(url, headers, signal);
    if (!REDIRECT_STATUSES.has(res.status) || !res.location) return res;
    const next = new URL(res.location, url);
    if (next.hostname !== request.url.hostname) return res;
    if (requests >= MAX_REDIRECTS) throw new TooManyRedirects(`Get ${JSON.stringify(res.location)}: stopped after ${MAX_REDIRECTS} redirects`);
    headers = redirectHeaders(headers, res.location);
    url = next;
  }
}

function exchangeErrorOutput(err: ExchangeError, request: HttpProbeRequest): ProbeOutput {
  const url = JSON.stringify(request.url.href);
  if (err.readingBody) {
    const text = err.reason === 'deadline' ? 'context deadline exceeded (Client.Timeout or context cancellation while reading body)' : err.message;
    return unknown(new Error(text));
  }
  if (err.reason === 'deadline') return failure(`Get ${url}: context deadline exceeded (Client.Timeout exceeded while awaiting headers)`);
  return failure(`Get ${url}: ${dialErrorText(request.url.hostname, defaultPort(request.url), err.reason)}`);
}

function responseOutput(res: Response): ProbeOutput {
  if (res.status >= 200 && res.status < 400) {
    if (res.status >= 300) return { result: 'Warning', output: `Probe terminated redirects, Response body: ${res.body}` };
    return success(res.body);
  }
  // The body stays out of the message: it is user-facing (kubernetes issue 99425).
  return failure(`HTTP probe failed with statuscode: ${res.status}`);
}

export async function httpProbe(request: HttpProbeRequest, timeoutMs: number): Promise<ProbeOutput> {
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), timeoutMs);
  try {
    return responseOutput(await getFollowingRedirects(request, deadline.signal));
  } catch (err) {
    if (err instanceof ExchangeError) return exchangeErrorOutput(err, request);
    if (err instanceof TooManyRedirects) return failure(err.message);
    throw err;
  } finally {
    clearTimeout(timer);
  }
}
