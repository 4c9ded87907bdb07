import { randomBytes } from 'node:crypto';
import type Docker from 'dockerode';
import { status as GrpcCode } from '@grpc/grpc-js';
import { CriError, isDockerConflict, isDockerNotFound, isDockerNotModified, notFound } from './errors.js';
import { CLUSTER, CONTAINER_TYPE, NODE, TYPE_SANDBOX } from './labels.js';
import type { ShimContext } from './context.js';

type Kind = typeof TYPE_SANDBOX | 'container';
const what = (kind: Kind) => (kind === TYPE_SANDBOX ? 'pod sandbox' : 'container');

/**
 * `docker inspect` of a sandbox or container of this cluster; NotFound for an unknown id
 * and for Docker containers that are not ours (another cluster's, or of the other kind).
 */
export async function inspectOwned(ctx: ShimContext, id: string, kind: Kind): Promise<Docker.ContainerInspectInfo> {
  if (!id) throw notFound(`${what(kind)} ""`);
  try {
    const info = await ctx.docker.getContainer(id).inspect();
    const labels = info.Config.Labels ?? {};
    if (labels[CLUSTER] !== ctx.clusterName || labels[NODE] !== ctx.nodeName || labels[CONTAINER_TYPE] !== kind) throw notFound(`${what(kind)} ${JSON.stringify(id)}`);
    return info;
  } catch (err) {
    if (isDockerNotFound(err)) throw notFound(`${what(kind)} ${JSON.stringify(id)}`);
    throw err;
  }
}

/** Like inspectOwned, but undefined for an unknown id (the idempotent Stop/Remove calls). */
export async function inspectOwnedIfExists(ctx: ShimContext, id: string, kind: Kind): Promise<Docker.ContainerInspectInfo | undefined> {
  try {
    return await inspectOwned(ctx, id, kind);
  } catch (err) {
    if (err instanceof CriError && err.code === GrpcCode.NOT_FOUND) return undefined;
    throw err;
  }
}

/** Docker label filters for this runtime's own objects (its cluster and node), plus `more`. */
export function ownerFilter(owner: { clusterName: string; nodeName: string }, ...more: string[]): string[] {
  return [`${CLUSTER}=${owner.clusterName}`, `${NODE}=${owner.nodeName}`, ...more];
}

/** Every sandbox or container of this node of the cluster, in any state. */
export function listOwned(ctx: ShimContext, kind: Kind): Promise<Docker.ContainerInfo[]> {
  return ctx.docker.listContainers({ all: true, filters: { label: ownerFilter(ctx, `${CONTAINER_TYPE}=${kind}`) } });
}

/** Docker name segments allow [a-zA-Z0-9_.-]. */
const safe = (s: string) => s.replace(/[^a-zA-Z0-9_.-]/g, '-');

/** dockershim's names: k8s_<container|POD>_<pod>_<namespace>_<uid>_<attempt>. */
export const dockerName = (parts: Array<string | number>) => ['k8s', ...parts.map((p) => safe(String(p)))].join('_');

/** Creates the container; on a name conflict (a leftover), retries with a random suffix as dockershim did. */
export async function createContainerNamed(docker: Docker, options: Docker.ContainerCreateOptions): Promise<Docker.Container> {
  try {
    return await docker.createContainer(options);
  } catch (err) {
    if (!isDockerConflict(err) || !options.name) throw err;
    return docker.createContainer({ ...options, name: `${options.name}_${randomBytes(4).toString('hex')}` });
  }
}

/** `docker stop -t seconds` (SIGTERM, then SIGKILL); an absent or stopped container is fine. */
export async function stopQuietly(ctx: ShimContext, id: string, seconds: number): Promise<void> {
  try {
    await ctx.docker.getContainer(id).stop({ t: seconds });
  } catch (err) {
    if (!isDockerNotFound(err) && !isDockerNotModified(err)) throw err;
  }
}

/** `docker rm -f -v` after its log copy has finished; an absent container is fine. */
export async function removeQuietly(ctx: ShimContext, id: string): Promise<void> {
  await ctx.logs.forget(id);
  try {
    await ctx.docker.getContainer(id).remove({ force: true, v: true });
  } catch (err) {
    if (!isDockerNotFound(err)) throw err;
  }
}
