import type { Logger } from 'pino';
import { ApiError } from '../errors.js';
import type { RestStorage } from './rest-storage.js';

/** The namespaces every cluster has (the apiserver's system namespaces controller). */
export const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/** Creates the system namespaces that are missing; retries while the store is not up yet. */
export async function bootstrapNamespaces(namespaces: RestStorage, log: Logger): Promise<void> {
  for (const name of SYSTEM_NAMESPACES) {
    for (let attempt = 0; ; attempt++) {
      try {
        await namespaces.create(undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } });
        log.info({ namespace: name }, 'created system namespace');
        break;
      } catch (err) {
        if (err instanceof ApiError && err.reason === 'AlreadyExists') break;
        if (attempt >= 30) throw err;
        log.warn({ err, namespace: name }, 'cannot create system namespace yet; retrying');
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  }
}

/**
 * The `default/kubernetes` Service every cluster has, on the first address of the service
 * range (what pods use to reach the API). Its endpoints come with the controller-manager.
 */
export async function bootstrapKubernetesService(services: RestStorage, securePort: number, clusterIP: string, log: Logger): Promise<void> {
  try {
    await services.create('default', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'kubernetes', labels: { component: 'apiserver', provider: 'kubernetes' } },
      spec: { clusterIP, ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: securePort }], sessionAffinity: 'None', type: 'ClusterIP' },
    });
    log.info('created the kubernetes service');
  } catch (err) {
    if (!(err instanceof ApiError && err.reason === 'AlreadyExists')) throw err;
  }
}
