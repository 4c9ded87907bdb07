import type { CallInfo, ServiceImplementation } from '@kubeling/grpc-server';
import { ResourcesService, type ResourceRef as RefMessage, type WriteOptions as WriteMessage } from '@kubeling/proto/api';
import type { Logger } from 'pino';
import { errors } from '../errors.js';
import { listQuery } from '../api/list-query.js';
import type { ApiOperations } from '../api/operations.js';
import type { ResourceRef, WriteOptions } from '../api/resource-ref.js';
import type { DeleteOptions } from '../registry/rest-storage.js';
import { verifiedCertificateUser, type Authenticator, type UserInfo } from '../auth/authenticate.js';
import { serializedJson } from '../storage/serialized.js';
import { toGrpcError } from './status-mapping.js';

function ref(message: RefMessage | undefined): ResourceRef {
  if (!message) throw errors.badRequest('ref is required');
  return {
    group: message.group,
    version: message.version,
    resource: message.resource,
    namespace: message.namespace || undefined,
    name: message.name || undefined,
    subresource: message.subresource || undefined,
  };
}

const writeOptions = (o: WriteMessage | undefined): WriteOptions => ({ dryRun: o?.dryRun ?? false, fieldManager: o?.fieldManager || undefined });

function json(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    throw errors.badRequest(`couldn't get version/kind; json parse error: ${(err as Error).message}`);
  }
}

const encode = (obj: unknown) => Buffer.from(JSON.stringify(obj));

/** The caller: a bearer token in the `authorization` metadata, else a client certificate from the cluster CA. */
function authenticate(authenticator: Authenticator, info: CallInfo): Promise<UserInfo> {
  const authorization = info.headers.authorization;
  return authenticator.credentials(Array.isArray(authorization) ? authorization[0] : authorization, () => verifiedCertificateUser(info.peerCertificate));
}

/** The gRPC API for components: the same operations as the REST API, objects as JSON bytes. */
export function resourcesService(ops: ApiOperations, authenticator: Authenticator, log: Logger): ServiceImplementation<typeof ResourcesService> {
  /** Wraps an operation: authentication first, and every failure as a gRPC status with the Kubernetes Status attached. */
  const guarded =
    <Req, Res>(run: (request: Req) => Promise<Res>): ((request: Req, info: CallInfo) => Promise<Res>) =>
    async (request, info) => {
      try {
        await authenticate(authenticator, info);
        return await run(request);
      } catch (err) {
        throw toGrpcError(err);
      }
    };
  return {
    get: guarded(async (r) => ({ object: encode(await ops.get(ref(r.ref))) })),
    list: guarded(async (r) => {
      const q = listQuery(new URLSearchParams({ labelSelector: r.labelSelector, fieldSelector: r.fieldSelector, resourceVersion: r.resourceVersion, limit: r.limit > 0n ? r.limit.toString() : '', continue: r.continue }));
      const target = ref(r.ref);
      const outcome = await ops.list(target, q);
      // Stored objects carry their kind and apiVersion already.
      return {
        items: outcome.items.map(serializedJson),
        resourceVersion: outcome.resourceVersion,
        continue: outcome.continue ?? '',
        remainingItemCount: BigInt(outcome.remainingItemCount ?? 0),
      };
    }),
    create: guarded(async (r) => ({ object: encode((await ops.create(ref(r.ref), json(r.object), writeOptions(r.options))).object) })),
    update: guarded(async (r) => ({ object: encode(await ops.update(ref(r.ref), json(r.object), writeOptions(r.options))) })),
    patch: guarded(async (r) => ({ object: encode(await ops.patch(ref(r.ref), r.patchType, json(r.patch), writeOptions(r.options))) })),
    delete: guarded(async (r) => {
      const options = (r.deleteOptions.length > 0 ? json(r.deleteOptions) : {}) as DeleteOptions;
      return { object: encode(await ops.delete(ref(r.ref), options, r.dryRun)) };
    }),
    watch: (r, call, info) => {
      let stop: () => void = () => undefined;
      let timer: NodeJS.Timeout | undefined;
      const finish = () => {
        stop();
        clearTimeout(timer);
        call.end();
      };
      call.on('close', () => {
        stop();
        clearTimeout(timer);
      });
      (async () => {
        await authenticate(authenticator, info);
        const q = listQuery(new URLSearchParams({ labelSelector: r.labelSelector, fieldSelector: r.fieldSelector, resourceVersion: r.resourceVersion }));
        if (r.timeoutSeconds > 0n) timer = setTimeout(finish, Number(r.timeoutSeconds) * 1000);
        stop = await ops.watch(ref(r.ref), q, { send: (type, obj) => call.write({ type, object: serializedJson(obj) }), close: finish }, r.allowBookmarks);
      })().catch((err) => {
        const e = toGrpcError(err);
        // A watch from a compacted version is an ERROR event, as on the REST API, so clients relist.
        if (e.details && (err as { code?: number }).code === 410) {
          call.write({ type: 'ERROR', object: encode((err as { toStatus(): unknown }).toStatus()) });
          call.end();
          return;
        }
        log.debug({ err }, 'watch refused');
        call.fail(e);
      });
    },
  };
}
