import type { IncomingMessage, ServerResponse } from 'node:http';
import { groupVersion, type ResourceInfo, type ResourceRegistry } from '@kubeling/api';
import { errors, type ApiError } from '../errors.js';
import type { RestStorage, DeleteOptions } from '../registry/rest-storage.js';
import { buildTable, type IncludeObject } from '../printers/table.js';
import type { KubeObject } from '../storage/object.js';
import { isPlainObject } from '../storage/object.js';
import { contentTypeOf, wantsTable } from './negotiation.js';
import { parseJson, readBody } from './body.js';
import { isDryRun, listQuery } from './list-options.js';
import { applyPatch } from './patch.js';
import type { RequestInfo } from './request-info.js';
import { sendJson } from './respond.js';
import { applyScale, scaleOf } from './scale.js';
import { selectorFor } from './selection.js';

interface Call {
  req: IncomingMessage;
  res: ServerResponse;
  info: RequestInfo;
  query: URLSearchParams;
  r: ResourceInfo;
  storage: RestStorage;
}

/** The REST verbs on resources and their subresources, as the Kubernetes API serves them. */
export class ResourceHandler {
  constructor(
    private readonly registry: ResourceRegistry,
    private readonly storages: Map<ResourceInfo, RestStorage>,
  ) {}

  async handle(req: IncomingMessage, res: ServerResponse, info: RequestInfo, query: URLSearchParams): Promise<void> {
    const r = this.registry.lookup(info.group, info.version, info.resource!);
    const storage = r && this.storages.get(r);
    if (!r || !storage) throw errors.unknownPath();
    if (info.namespace !== undefined && !r.namespaced && r.resource !== 'namespaces') throw errors.unknownPath();
    const call: Call = { req, res, info, query, r, storage };
    if (info.subresource) return this.subresource(call, info.subresource);
    switch (info.verb) {
      case 'get':
        return this.respondObject(call, 200, await storage.get(this.ns(call), info.name!));
      case 'list':
        return this.list(call);
      case 'watch':
        return this.watch(call);
      case 'create':
        return this.respondObject(call, 201, await storage.create(this.ns(call), await this.body(call), isDryRun(query)));
      case 'update':
        return this.respondObject(call, 200, await this.update(call, undefined));
      case 'patch':
        return this.respondObject(call, 200, await this.patch(call, undefined));
      case 'delete':
        return this.remove(call);
      case 'deletecollection':
        return this.removeCollection(call);
      default:
        throw errors.methodNotAllowed(req.method ?? '');
    }
  }

  private ns(call: Call): string | undefined {
    if (!call.r.namespaced) return undefined;
    return call.info.namespace;
  }

  private async body(call: Call): Promise<KubeObject> {
    const type = contentTypeOf(call.req.headers['content-type']);
    if (type !== 'application/json') throw errors.unsupportedMediaType(type);
    const parsed = parseJson(await readBody(call.req));
    if (!isPlainObject(parsed)) throw errors.badRequest(`Object 'Kind' is missing in '${JSON.stringify(parsed)}'`);
    return parsed as KubeObject;
  }

  private update(call: Call, subresource: string | undefined): Promise<KubeObject> {
    return this.body(call).then((body) => call.storage.update(this.ns(call), call.info.name!, subresource, () => body, isDryRun(call.query)));
  }

  private async patch(call: Call, subresource: string | undefined): Promise<KubeObject> {
    const type = contentTypeOf(call.req.headers['content-type']);
    const patch = parseJson(await readBody(call.req));
    return call.storage.update(this.ns(call), call.info.name!, subresource, (current) => applyPatch(call.r, type, current, patch), isDryRun(call.query));
  }

  private async list(call: Call): Promise<void> {
    const q = listQuery(call.query);
    const matches = selectorFor(call.r, q);
    const page = await call.storage.list(this.ns(call), { limit: q.limit, continue: q.continue, revision: q.resourceVersion && q.resourceVersion > 0n ? q.resourceVersion : undefined });
    const items = page.items.filter(matches);
    const metadata: Record<string, unknown> = { resourceVersion: page.revision.toString() };
    if (page.continue) metadata.continue = page.continue;
    if (page.remainingItemCount !== undefined && q.labelSelector === '' && q.fieldSelector === '') metadata.remainingItemCount = page.remainingItemCount;
    const table = wantsTable(call.req.headers.accept);
    if (table) {
      const t = buildTable(call.r.resource, items, { includeObject: includeObject(call.query), now: new Date(), resourceVersion: page.revision.toString(), continueToken: page.continue });
      return sendJson(call.res, 200, t, `application/json;as=Table;v=${table};g=meta.k8s.io`);
    }
    sendJson(call.res, 200, { kind: `${call.r.kind}List`, apiVersion: groupVersion(call.r), metadata, items });
  }

  /** A watch stream: headers flushed at once (kubectl blocks until it has them), one JSON event per line. */
  private async watch(call: Call): Promise<void> {
    const q = listQuery(call.query);
    const matches = selectorFor(call.r, q);
    const ns = this.ns(call);
    const table = wantsTable(call.req.headers.accept);
    const { res } = call;
    let first = true;
    // As Kubernetes does, a Table event carries the column definitions only the first time.
    const encode = (obj: KubeObject) => {
      if (!table) return obj;
      const t = buildTable(call.r.resource, [obj], { includeObject: includeObject(call.query), now: new Date(), resourceVersion: obj.metadata?.resourceVersion });
      if (!first) t.columnDefinitions = [];
      first = false;
      return t;
    };
    res.writeHead(200, { 'Content-Type': table ? `application/json;as=Table;v=${table};g=meta.k8s.io` : 'application/json', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
    res.flushHeaders();
    let stop = () => undefined as unknown;
    const finish = () => {
      stop();
      clearTimeout(timer);
      if (!res.writableEnded) res.end();
    };
    const timer = q.timeoutSeconds ? setTimeout(finish, q.timeoutSeconds * 1000) : undefined;
    call.req.on('close', finish);
    try {
      stop = await call.storage.watch(q.resourceVersion ?? 0n, {
        matches: (obj) => (ns === undefined || obj.metadata?.namespace === ns) && matches(obj),
        send: (type, obj) => res.write(`${JSON.stringify({ type, object: encode(obj) })}\n`),
        close: finish,
      });
      if (res.writableEnded) stop();
    } catch (err) {
      res.write(`${JSON.stringify({ type: 'ERROR', object: (err as ApiError).toStatus?.() ?? errors.internal(String(err)).toStatus() })}\n`);
      finish();
    }
  }

  private async remove(call: Call): Promise<void> {
    const options = await this.deleteOptions(call);
    const { object } = await call.storage.delete(this.ns(call), call.info.name!, options, isDryRun(call.query));
    this.respondObject(call, 200, object);
  }

  private async removeCollection(call: Call): Promise<void> {
    const options = await this.deleteOptions(call);
    const q = listQuery(call.query);
    const matches = selectorFor(call.r, q);
    const page = await call.storage.list(this.ns(call), {});
    const deleted: KubeObject[] = [];
    for (const item of page.items.filter(matches)) {
      deleted.push((await call.storage.delete(item.metadata?.namespace, item.metadata!.name!, options, isDryRun(call.query))).object);
    }
    sendJson(call.res, 200, { kind: `${call.r.kind}List`, apiVersion: groupVersion(call.r), metadata: { resourceVersion: page.revision.toString() }, items: deleted });
  }

  private async deleteOptions(call: Call): Promise<DeleteOptions> {
    const raw = (await readBody(call.req)).toString('utf8').trim();
    const options: DeleteOptions = raw ? (parseJson(Buffer.from(raw)) as DeleteOptions) : {};
    const grace = call.query.get('gracePeriodSeconds');
    if (grace !== null) options.gracePeriodSeconds = Number(grace);
    const policy = call.query.get('propagationPolicy');
    if (policy) options.propagationPolicy = policy as DeleteOptions['propagationPolicy'];
    if (options.propagationPolicy && !['Background', 'Foreground', 'Orphan'].includes(options.propagationPolicy)) {
      throw errors.badRequest(`propagationPolicy: Unsupported value: "${options.propagationPolicy}": supported values: "Foreground", "Background", "Orphan"`);
    }
    return options;
  }

  private async subresource(call: Call, sub: string): Promise<void> {
    const declared = call.r.subresources.find((s) => s.name === sub);
    if (!declared) throw errors.unknownPath();
    const { verb } = call.info;
    if (sub === 'status') {
      if (verb === 'get') return this.respondObject(call, 200, await call.storage.get(this.ns(call), call.info.name!));
      if (verb === 'update') return this.respondObject(call, 200, await this.update(call, 'status'));
      if (verb === 'patch') return this.respondObject(call, 200, await this.patch(call, 'status'));
    }
    if (sub === 'scale') return this.scale(call);
    if (sub === 'binding' && verb === 'create') return this.bind(call);
    if (sub === 'eviction' && verb === 'create') return this.evict(call);
    throw errors.methodNotAllowed(call.req.method ?? '');
  }

  private async scale(call: Call): Promise<void> {
    const ns = this.ns(call);
    const name = call.info.name!;
    const dryRun = isDryRun(call.query);
    if (call.info.verb === 'get') return sendJson(call.res, 200, scaleOf(call.r, await call.storage.get(ns, name)));
    let updated: KubeObject;
    if (call.info.verb === 'update') {
      // kubectl scale --current-replicas sends the Scale with no Content-Type: it is JSON.
      const body = parseJson(await readBody(call.req));
      updated = await call.storage.update(ns, name, undefined, (current) => applyScale(current, body), dryRun);
    } else if (call.info.verb === 'patch') {
      const type = contentTypeOf(call.req.headers['content-type']);
      const patch = parseJson(await readBody(call.req));
      updated = await call.storage.update(ns, name, undefined, (current) => applyScale(current, applyPatch(call.r, type === 'application/strategic-merge-patch+json' ? 'application/merge-patch+json' : type, scaleOf(call.r, current), patch)), dryRun);
    } else {
      throw errors.methodNotAllowed(call.req.method ?? '');
    }
    sendJson(call.res, 200, scaleOf(call.r, updated));
  }

  /** pods/binding: sets spec.nodeName once (the scheduler's only write to a pod's spec). */
  private async bind(call: Call): Promise<void> {
    const binding = await this.body(call);
    const target = (binding as { target?: { kind?: string; name?: string } }).target;
    const podName = call.info.name!;
    if (!target?.name) throw errors.badRequest('target.name: Required value');
    await call.storage.update(this.ns(call), podName, undefined, (pod) => {
      const spec = (pod.spec ?? {}) as { nodeName?: string };
      if (pod.metadata?.deletionTimestamp) throw errors.conflict(call.r, podName, `pod ${podName} is being deleted, cannot be assigned to a host`);
      if (spec.nodeName) throw errors.conflict(call.r, podName, `pod ${podName} is already assigned to node "${spec.nodeName}"`);
      return { ...pod, spec: { ...spec, nodeName: target.name } };
    }, isDryRun(call.query));
    sendJson(call.res, 201, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
  }

  /** pods/eviction: a polite delete (PodDisruptionBudgets are checked by a later issue's controller). */
  private async evict(call: Call): Promise<void> {
    const eviction = await this.body(call);
    const options = ((eviction as { deleteOptions?: DeleteOptions }).deleteOptions ?? {}) as DeleteOptions;
    await call.storage.delete(this.ns(call), call.info.name!, options, isDryRun(call.query));
    sendJson(call.res, 201, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
  }

  private respondObject(call: Call, code: number, obj: KubeObject): void {
    const table = wantsTable(call.req.headers.accept);
    if (table) {
      const t = buildTable(call.r.resource, [obj], { includeObject: includeObject(call.query), now: new Date(), resourceVersion: obj.metadata?.resourceVersion });
      return sendJson(call.res, code, t, `application/json;as=Table;v=${table};g=meta.k8s.io`);
    }
    sendJson(call.res, code, obj);
  }
}

function includeObject(query: URLSearchParams): IncludeObject {
  const v = query.get('includeObject');
  return v === 'Object' || v === 'None' ? v : 'Metadata';
}
