import type { IncomingMessage, ServerResponse } from 'node:http';
import { errors, type ApiError } from '../errors.js';
import { fieldValidationOf } from '../api/field-validation.js';
import { isDryRun, listQuery } from '../api/list-query.js';
import type { ApiOperations } from '../api/operations.js';
import type { ResourceRef, WriteOptions } from '../api/resource-ref.js';
import type { DeleteOptions } from '../registry/rest-storage.js';
import { buildTable, type IncludeObject } from '../printers/table.js';
import { isPlainObject, type KubeObject } from '../storage/object.js';
import { serializedJson, serializedList } from '../storage/serialized.js';
import { decodeObjectBody, parseJson, readBody, readObjectBody } from './body.js';
import { contentTypeOf, wantsTable } from './negotiation.js';
import type { RequestInfo } from './request-info.js';
import { sendJson } from './respond.js';

/** The REST verbs on resources over HTTP: parse the request, call the operation, encode the answer. */
export class ResourceHandler {
  constructor(private readonly ops: ApiOperations) {}

  async handle(req: IncomingMessage, res: ServerResponse, info: RequestInfo, query: URLSearchParams): Promise<void> {
    const ref: ResourceRef = { group: info.group, version: info.version, resource: info.resource!, namespace: info.namespace, name: info.name, subresource: info.subresource };
    const resource = this.ops.resolve(ref).r.resource;
    const table = wantsTable(req.headers.accept);
    const respond = (code: number, obj: KubeObject) => {
      if (!table || obj.kind === 'Status' || info.subresource === 'scale') return sendJson(res, code, obj);
      const t = buildTable(resource, [obj], { includeObject: includeObject(query), now: new Date(), resourceVersion: obj.metadata?.resourceVersion });
      sendJson(res, code, t, `application/json;as=Table;v=${table};g=meta.k8s.io`);
    };
    const write: WriteOptions = {
      dryRun: isDryRun(query),
      fieldManager: query.get('fieldManager') ?? undefined,
      fieldValidation: fieldValidationOf(query.get('fieldValidation')),
      // kubectl prints each `Warning: 299 - "..."` header as `Warning: ...`.
      warn: (message) => res.appendHeader('Warning', `299 - ${JSON.stringify(message)}`),
    };
    switch (info.verb) {
      case 'get':
        return respond(200, await this.ops.get(ref));
      case 'list': {
        const outcome = await this.ops.list(ref, listQuery(query));
        if (!table) return sendJson(res, 200, serializedList(this.ops.listObject(ref, outcome)));
        const t = buildTable(resource, outcome.items, { includeObject: includeObject(query), now: new Date(), resourceVersion: outcome.resourceVersion, continueToken: outcome.continue });
        return sendJson(res, 200, t, `application/json;as=Table;v=${table};g=meta.k8s.io`);
      }
      case 'watch':
        return this.watch(req, res, ref, resource, query, table);
      case 'create': {
        const { code, object } = await this.ops.create(ref, await readObjectBody(req), write);
        return respond(code, object);
      }
      case 'update':
        // kubectl scale --current-replicas PUTs the Scale with no Content-Type: JSON is assumed.
        return respond(200, await this.ops.update(ref, await readObjectBody(req), write));
      case 'patch':
        return respond(200, await this.ops.patch(ref, contentTypeOf(req.headers['content-type']), parseJson(await readBody(req)), write));
      case 'delete':
        return respond(200, await this.ops.delete(ref, await deleteOptions(req, query), write.dryRun));
      case 'deletecollection':
        return sendJson(res, 200, await this.ops.deleteCollection(ref, listQuery(query), await deleteOptions(req, query), write.dryRun));
      default:
        throw errors.methodNotAllowed(req.method ?? '');
    }
  }

  /** A watch stream: headers flushed at once (kubectl blocks until it has them), one JSON event per line. */
  private async watch(req: IncomingMessage, res: ServerResponse, ref: ResourceRef, resource: string, query: URLSearchParams, table: 'v1' | 'v1beta1' | undefined): Promise<void> {
    const q = listQuery(query);
    let first = true;
    // As Kubernetes does, a Table event carries the column definitions only the first time.
    const encode = (obj: KubeObject) => {
      if (!table) return obj;
      const t = buildTable(resource, [obj], { includeObject: includeObject(query), now: new Date(), resourceVersion: obj.metadata?.resourceVersion });
      if (!first) t.columnDefinitions = [];
      first = false;
      return t;
    };
    res.writeHead(200, { 'Content-Type': table ? `application/json;as=Table;v=${table};g=meta.k8s.io` : 'application/json', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
    res.flushHeaders();
    let stop: () => void = () => undefined;
    const finish = () => {
      stop();
      clearTimeout(timer);
      if (!res.writableEnded) res.end();
    };
    const timer = q.timeoutSeconds ? setTimeout(finish, q.timeoutSeconds * 1000) : undefined;
    req.on('close', finish);
    try {
      const bookmarks = query.get('allowWatchBookmarks') === 'true';
      // A bookmark is sent as the bare object even to Table watches, as Kubernetes does.
      const send = (type: string, obj: KubeObject) =>
        table && type !== 'BOOKMARK' ? res.write(`${JSON.stringify({ type, object: encode(obj) })}\n`) : res.write(Buffer.concat([Buffer.from(`{"type":"${type}","object":`), serializedJson(obj), EVENT_END]));
      stop = await this.ops.watch(ref, q, { send, close: finish }, bookmarks);
      if (res.writableEnded) stop();
    } catch (err) {
      const status = (err as ApiError).toStatus?.() ?? errors.internal(String(err)).toStatus();
      res.write(`${JSON.stringify({ type: 'ERROR', object: status })}\n`);
      finish();
    }
  }
}

const EVENT_END = Buffer.from('}\n');

/** DeleteOptions from the body (kubectl sends one) and the query, as the apiserver merges them; the registry validates them. */
async function deleteOptions(req: IncomingMessage, query: URLSearchParams): Promise<DeleteOptions> {
  const body = await readBody(req);
  const decoded = body.length > 0 ? (decodeObjectBody(contentTypeOf(req.headers['content-type']), body) ?? {}) : {};
  // The registry checks the fields; a body that is no object at all is refused here.
  if (!isPlainObject(decoded)) throw errors.badRequest('the body of a delete must be a DeleteOptions object');
  const options = { ...decoded } as DeleteOptions;
  const grace = query.get('gracePeriodSeconds');
  if (grace !== null) options.gracePeriodSeconds = Number(grace);
  const policy = query.get('propagationPolicy');
  if (policy) options.propagationPolicy = policy as DeleteOptions['propagationPolicy'];
  const orphan = query.get('orphanDependents');
  if (orphan !== null) options.orphanDependents = orphan === 'true';
  return options;
}

function includeObject(query: URLSearchParams): IncludeObject {
  const v = query.get('includeObject');
  return v === 'Object' || v === 'None' ? v : 'Metadata';
}
