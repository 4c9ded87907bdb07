// The endpoints controller's syncService, level-based on one service key: a service that
// selects pods gets an Endpoints object of its name listing them; a service that is gone
// takes its Endpoints with it; a service without a selector keeps whatever its user wrote.
import { isNotFound, splitMetaNamespaceKey, type KubeObject } from '@kubeling/client';
import type { Endpoints, EndpointSubset } from 'kubernetes-types/core/v1.js';
import type { Logger } from 'pino';
import { isDeepStrictEqual } from 'node:util';
import { HEADLESS_SERVICE_LABEL, isServiceIpSet, selectsPods, type PodObject, type ServiceObject } from '../../controller-utils/service-pods.js';
import { desiredSubsets } from './subsets.js';
import { OVER_CAPACITY_ANNOTATION, truncateSubsets } from './truncate.js';

export type EndpointsObject = Endpoints & KubeObject;

export interface EndpointsSyncDeps {
  /** From the informer caches. */
  getService(namespace: string, name: string): ServiceObject | undefined;
  podsOf(service: ServiceObject): PodObject[];
  getEndpoints(namespace: string, name: string): EndpointsObject | undefined;
  /** Writes to the API. */
  createEndpoints(endpoints: EndpointsObject): Promise<unknown>;
  updateEndpoints(endpoints: EndpointsObject): Promise<unknown>;
  deleteEndpoints(namespace: string, name: string): Promise<unknown>;
}

/** The service's labels, plus service.kubernetes.io/headless when it has no cluster IP. */
export function endpointsLabels(service: ServiceObject): Record<string, string> {
  const labels: Record<string, string> = { ...service.metadata?.labels };
  if (isServiceIpSet(service)) delete labels[HEADLESS_SERVICE_LABEL];
  else labels[HEADLESS_SERVICE_LABEL] = '';
  return labels;
}

/** The annotations with over-capacity set to "truncated" when addresses were cut, and without it otherwise. */
function overCapacityAnnotated(annotations: Record<string, string> | undefined, truncated: boolean): Record<string, string> {
  const { [OVER_CAPACITY_ANNOTATION]: _previous, ...rest } = annotations ?? {};
  return truncated ? { ...rest, [OVER_CAPACITY_ANNOTATION]: 'truncated' } : rest;
}

const countOf = (subsets: EndpointSubset[], field: 'addresses' | 'notReadyAddresses') => subsets.reduce((n, s) => n + (s[field]?.length ?? 0), 0);

export async function syncEndpoints(key: string, deps: EndpointsSyncDeps, log: Logger): Promise<void> {
  const { namespace, name } = splitMetaNamespaceKey(key);
  const service = deps.getService(namespace, name);
  if (!service) {
    try {
      await deps.deleteEndpoints(namespace, name);
      log.info({ key }, 'service gone; endpoints deleted');
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    return;
  }
  if (!selectsPods(service)) return;

  const { subsets, truncated } = truncateSubsets(desiredSubsets(service, deps.podsOf(service)));
  const labels = endpointsLabels(service);
  const current = deps.getEndpoints(namespace, name);
  const annotations = overCapacityAnnotated(current?.metadata?.annotations, truncated);
  if (current && isDeepStrictEqual(current.subsets ?? [], subsets) && isDeepStrictEqual(current.metadata?.labels ?? {}, labels) && isDeepStrictEqual(current.metadata?.annotations ?? {}, annotations)) return;

  // An update carries the cached resourceVersion: a cache that is behind gets a conflict, and the key is retried.
  const next: EndpointsObject = { apiVersion: 'v1', kind: 'Endpoints', ...current, metadata: { ...current?.metadata, name, namespace, labels, annotations }, subsets };
  if (current) await deps.updateEndpoints(next);
  else await deps.createEndpoints(next);
  log.info({ key, ready: countOf(subsets, 'addresses'), notReady: countOf(subsets, 'notReadyAddresses') }, current ? 'endpoints updated' : 'endpoints created');
}
