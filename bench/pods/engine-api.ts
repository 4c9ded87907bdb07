// Docker's Engine API over its unix socket with node:http: the few calls this benchmark makes
// for bare-Docker pods and for cleanup, without a client library.
import { Agent, request } from 'node:http';

const SOCKET = process.env.DOCKER_HOST?.startsWith('unix://') ? process.env.DOCKER_HOST.slice('unix://'.length) : '/var/run/docker.sock';

export class EngineApiError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly statusCode: number,
    body: string,
  ) {
    super(`docker ${method} ${path}: ${statusCode} ${body.trim()}`);
  }
}

/** The calls are concurrent on purpose: one kept-alive socket each, as a Docker client would have. */
const agent = new Agent({ keepAlive: true, maxSockets: Infinity });

/** One Engine API call; resolves to the parsed JSON answer (undefined when empty), rejects with EngineApiError on >= 400. */
export function engine<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request({ socketPath: SOCKET, agent, method, path, headers: payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        if ((res.statusCode ?? 500) >= 400) return reject(new EngineApiError(method, path, res.statusCode ?? 500, text));
        resolve((text ? JSON.parse(text) : undefined) as T);
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** Ids of every container (running or not) carrying the label `key=value`. */
export async function containerIdsLabelled(key: string, value: string): Promise<string[]> {
  const filters = encodeURIComponent(JSON.stringify({ label: [`${key}=${value}`] }));
  const list = await engine<Array<{ Id: string }>>('GET', `/containers/json?all=1&filters=${filters}`);
  return list.map((c) => c.Id);
}

export const removeContainer = (id: string) => engine('DELETE', `/containers/${id}?force=1&v=1`);

export const removeNetwork = (name: string) => engine('DELETE', `/networks/${encodeURIComponent(name)}`);

/** Lets the process exit once the benchmark is done with Docker. */
export const closeEngine = () => agent.destroy();
