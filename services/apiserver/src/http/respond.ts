import type { ServerResponse } from 'node:http';
import { toApiError } from '../errors.js';

export function sendJson(res: ServerResponse, code: number, body: unknown, contentType = 'application/json'): void {
  const text = typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text), 'Cache-Control': res.getHeader('Cache-Control') ?? 'no-cache, private' });
  res.end(text);
}

/** Any error as a metav1.Status with its code. */
export function sendError(res: ServerResponse, error: unknown): void {
  const status = toApiError(error).toStatus();
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (status.code === 429) res.setHeader('Retry-After', String(status.details?.retryAfterSeconds ?? 1));
  sendJson(res, status.code, status);
}
