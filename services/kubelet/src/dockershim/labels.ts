// Docker labels carry everything the dockershim must remember about a sandbox or container
// (it keeps no state of its own), named as Kubernetes' dockershim named them.

export const POD_NAME = 'io.kubernetes.pod.name';
export const POD_NAMESPACE = 'io.kubernetes.pod.namespace';
export const POD_UID = 'io.kubernetes.pod.uid';
export const CONTAINER_NAME = 'io.kubernetes.container.name';
/** "podsandbox" or "container". */
export const CONTAINER_TYPE = 'io.kubernetes.docker.type';
export const SANDBOX_ID = 'io.kubernetes.sandbox.id';
export const LOG_PATH = 'io.kubernetes.container.logpath';
export const CLUSTER = 'io.kubeling.cluster';
/** The node whose runtime made it: several kubelets of one cluster may share a Docker engine. */
export const NODE = 'io.kubeling.node';
export const ATTEMPT = 'io.kubeling.attempt';
/** The sandbox's IP, so a restarted dockershim knows which addresses are taken. */
export const POD_IP = 'io.kubeling.pod-ip';
export const HOSTNAME = 'io.kubeling.hostname';
export const LOG_DIRECTORY = 'io.kubeling.log-directory';
/** Creation time in nanoseconds: Docker's list API only has seconds, too coarse to order sandboxes. */
export const CREATED_AT = 'io.kubeling.created-at';
/** CRI annotations are stored as labels with this prefix, as dockershim did. */
export const ANNOTATION_PREFIX = 'annotation.';

export const TYPE_SANDBOX = 'podsandbox';
export const TYPE_CONTAINER = 'container';

/** Labels the runtime adds for itself: not returned as the CRI labels. */
const INTERNAL = new Set([CONTAINER_TYPE, SANDBOX_ID, LOG_PATH, CLUSTER, NODE, ATTEMPT, POD_IP, HOSTNAME, LOG_DIRECTORY, CREATED_AT]);

export type Labels = Record<string, string>;

/** The Docker labels of an object: the CRI labels, the annotations prefixed, then the runtime's own. */
export function toDockerLabels(labels: Labels, annotations: Labels, internal: Labels): Labels {
  const out: Labels = { ...labels };
  for (const [k, v] of Object.entries(annotations)) out[ANNOTATION_PREFIX + k] = v;
  return { ...out, ...internal };
}

/** Splits Docker labels back into the CRI labels and annotations. */
export function fromDockerLabels(docker: Labels | undefined): { labels: Labels; annotations: Labels } {
  const labels: Labels = {};
  const annotations: Labels = {};
  for (const [k, v] of Object.entries(docker ?? {})) {
    if (k.startsWith(ANNOTATION_PREFIX)) annotations[k.slice(ANNOTATION_PREFIX.length)] = v;
    else if (!INTERNAL.has(k)) labels[k] = v;
  }
  return { labels, annotations };
}

/** True when every selector pair is among the CRI labels (CRI's MatchLabels, ANDed). */
export function matchesSelector(labels: Labels, selector: Labels | undefined): boolean {
  return Object.entries(selector ?? {}).every(([k, v]) => labels[k] === v);
}

export const attemptOf = (docker: Labels | undefined): number => Number(docker?.[ATTEMPT] ?? 0) || 0;

/** The creation time the dockershim recorded, else Docker's (in seconds). */
export function createdAtOf(docker: Labels | undefined, fallback: bigint): bigint {
  const v = docker?.[CREATED_AT];
  return v && /^\d+$/.test(v) ? BigInt(v) : fallback;
}
