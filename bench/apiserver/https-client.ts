import { Agent, request } from 'node:https';

/** A keep-alive HTTPS client with a client certificate, for the REST API. */
export class HttpsClient {
  private readonly agent: Agent;

  constructor(
    private readonly base: string,
    tls: { ca: string; cert: string; key: string },
    maxSockets: number,
  ) {
    this.agent = new Agent({ keepAlive: true, maxSockets, ...tls });
  }

  call(method: string, path: string, body?: unknown, accept = 'application/json'): Promise<{ code: number; body: string }> {
    return new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
      const req = request(
        `${this.base}${path}`,
        { method, agent: this.agent, headers: { Accept: accept, ...(payload ? { 'Content-Type': 'application/json', 'Content-Length': payload.length } : {}) } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ code: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** Like call, but a non-2xx answer is an error. */
  async ok(method: string, path: string, body?: unknown, accept?: string): Promise<string> {
    const res = await this.call(method, path, body, accept);
    if (res.code < 200 || res.code > 299) throw new Error(`${method} ${path}: ${res.code} ${res.body.slice(0, 200)}`);
    return res.body;
  }

  close(): void {
    this.agent.destroy();
  }
}
