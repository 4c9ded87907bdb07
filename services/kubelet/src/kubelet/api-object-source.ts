// The ConfigMaps and Secrets a pod refers to, read from the API when a container starts (the
// kubelet's Get-strategy configmap and secret managers).
import { isNotFound, type ApiClient } from '@kubeling/client';
import type { ConfigMap, Secret } from 'kubernetes-types/core/v1.js';
import type { ObjectSource } from '../pod/object-source.js';

async function getOrUndefined<T>(client: ApiClient, resource: string, namespace: string, name: string): Promise<T | undefined> {
  try {
    return (await client.get({ version: 'v1', resource, namespace, name })) as T;
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

export function apiObjectSource(client: ApiClient): ObjectSource {
  return {
    getConfigMap: (namespace, name) => getOrUndefined<ConfigMap>(client, 'configmaps', namespace, name),
    getSecret: (namespace, name) => getOrUndefined<Secret>(client, 'secrets', namespace, name),
  };
}
