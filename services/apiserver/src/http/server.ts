import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ResourceRegistry } from '@kubeling/api';
import type { ApiOperations } from '../api/operations.js';
import type { Logger } from 'pino';
import { errors, toApiError } from '../errors.js';
import type { Authenticator } from '../auth/authenticate.js';
import { aggregatedContentType, aggregatedDiscovery, apiGroupDocument, apiGroupList, apiResourceList, apiVersions } from './discovery.js';
import { wantsAggregatedDiscovery } from './negotiation.js';
import { OpenApi } from './openapi.js';
import { requestInfo } from './request-info.js';
import type { InflightLimit } from './inflight-limit.js';
import { ResourceHandler } from './resource-handler.js';
import { sendError, sendJson } from './respond.js';

export interface HttpServerOptions {
  registry: ResourceRegistry;
  operations: ApiOperations;
  tlsCertFile: string;
  tlsPrivateKeyFile: string;
  clientCaFile: string;
  /** host:port clients reach this server at (for /api's serverAddressByClientCIDRs). */
  advertise: string;
  authenticator: Authenticator;
  /** Limits of requests served at once: reads, and writes (--max-[mutating-]requests-inflight). */
  inflight: { readOnly: InflightLimit; mutating: InflightLimit };
  /** Whether the store answers; /readyz reports it. */
  ready: () => Promise<boolean>;
  log: Logger;
}

export const VERSION_INFO = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.0',
  gitCommit: 'kubeling',
  gitTreeState: 'clean',
  buildDate: '2026-12-01T00:00:00Z',
  goVersion: `node${process.versions.node}`,
  compiler: 'gc',
  platform: `${process.platform}/${process.arch === 'x64' ? 'amd64' : process.arch}`,
};

/** Paths answered without credentials, as Kubernetes' system:public-info-viewer allows. */
const PUBLIC = new Set(['/version', '/healthz', '/livez', '/readyz']);

/** The Kubernetes HTTP API over TLS: discovery, OpenAPI, health, and the resources. */
export class HttpApi {
  readonly server: Server;
  private readonly openapi: OpenApi;
  private readonly resources: ResourceHandler;

  constructor(private readonly options: HttpServerOptions) {
    this.openapi = new OpenApi(options.registry);
    this.resources = new ResourceHandler(options.operations);
    this.server = createServer(
      {
        cert: readFileSync(options.tlsCertFile),
        key: readFileSync(options.tlsPrivateKeyFile),
        ca: readFileSync(options.clientCaFile),
        requestCert: true,
        // Unverified clients still connect: the request then gets a 401 Status, not a TLS error.
        rejectUnauthorized: false,
      },
      (req, res) => void this.serve(req, res),
    );
    // Node closes idle keep-alive connections after 5 s, racing clients that reuse them
    // (socket hang up); Go's apiserver keeps them as long as Go clients do (90 s).
    this.server.keepAliveTimeout = 90_000;
  }

  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        const address = this.server.address();
        resolve(typeof address === 'object' && address ? address.port : port);
      });
    });
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://localhost');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    try {
      const health = PUBLIC.has(path.split('/').slice(0, 2).join('/')) ? path : undefined;
      if (health) return await this.public(res, health);
      const user = await this.options.authenticator.authenticate(req);
      const info = requestInfo(req.method ?? 'GET', path, url.searchParams);
      const release = info.verb === 'watch' ? () => undefined : (['get', 'list'].includes(info.verb) ? this.options.inflight.readOnly : this.options.inflight.mutating).acquire();
      try {
        if (info.isResourceRequest) {
          await this.resources.handle(req, res, info, url.searchParams);
        } else {
          this.nonResource(req, res, path);
        }
      } finally {
        release();
      }
      if (req.method !== 'GET') this.options.log.debug({ user: user.username, verb: info.verb, path }, 'request');
    } catch (err) {
      const apiError = toApiError(err);
      if (apiError.code >= 500) this.options.log.error({ err, method: req.method, path }, 'request failed');
      sendError(res, apiError);
    }
  }

  private async public(res: ServerResponse, path: string): Promise<void> {
    if (path === '/version') return sendJson(res, 200, VERSION_INFO);
    if (path.startsWith('/readyz') && !(await this.options.ready())) {
      res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end('[-]etcd failed: reason withheld\nreadyz check failed\n');
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('ok');
  }

  private nonResource(req: IncomingMessage, res: ServerResponse, path: string): void {
    const { registry } = this.options;
    const aggregated = wantsAggregatedDiscovery(req.headers.accept);
    if (path === '/api') {
      return aggregated ? sendJson(res, 200, aggregatedDiscovery(registry, true, aggregated), aggregatedContentType(aggregated)) : sendJson(res, 200, apiVersions(this.options.advertise));
    }
    if (path === '/apis') {
      return aggregated ? sendJson(res, 200, aggregatedDiscovery(registry, false, aggregated), aggregatedContentType(aggregated)) : sendJson(res, 200, apiGroupList(registry));
    }
    if (path === '/openapi/v3') return sendJson(res, 200, this.openapi.root());
    if (path.startsWith('/openapi/v3/')) {
      const doc = this.openapi.document(path.slice('/openapi/v3/'.length));
      if (!doc) throw errors.unknownPath();
      res.setHeader('Cache-Control', 'public, immutable');
      return sendJson(res, 200, doc);
    }
    const parts = path.split('/').filter(Boolean);
    let doc: unknown;
    if (parts[0] === 'api' && parts.length === 2) doc = apiResourceList(registry, '', parts[1]!);
    else if (parts[0] === 'apis' && parts.length === 2) doc = apiGroupDocument(registry, parts[1]!);
    else if (parts[0] === 'apis' && parts.length === 3) doc = apiResourceList(registry, parts[1]!, parts[2]!);
    if (!doc) throw errors.unknownPath();
    sendJson(res, 200, doc);
  }
}
