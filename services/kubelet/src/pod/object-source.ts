// Where the kubelet reads the ConfigMaps and Secrets a pod refers to (the API, through its
// configmap and secret managers). `undefined` means the object does not exist.
import type { ConfigMap, Secret } from 'kubernetes-types/core/v1.js';
import { ReferencedObjectNotFoundError } from './errors.js';

export interface ObjectSource {
  getConfigMap(namespace: string, name: string): Promise<ConfigMap | undefined>;
  getSecret(namespace: string, name: string): Promise<Secret | undefined>;
}

/** A referenced object as read: absent is an error unless the reference is optional. */
export function present<T>(object: T | undefined, resource: 'configmap' | 'secret', name: string, optional: boolean): T | undefined {
  if (object === undefined && !optional) throw new ReferencedObjectNotFoundError(resource, name);
  return object;
}

/** A ConfigMap that must exist; undefined when it is absent and `optional`. */
export async function requireConfigMap(source: ObjectSource, namespace: string, name: string, optional: boolean): Promise<ConfigMap | undefined> {
  return present(await source.getConfigMap(namespace, name), 'configmap', name, optional);
}

/** A Secret that must exist; undefined when it is absent and `optional`. */
export async function requireSecret(source: ObjectSource, namespace: string, name: string, optional: boolean): Promise<Secret | undefined> {
  return present(await source.getSecret(namespace, name), 'secret', name, optional);
}

/** A Secret's data decoded (the API carries it base64-encoded). */
export function secretData(secret: Secret | undefined): Map<string, Buffer> {
  return new Map(Object.entries(secret?.data ?? {}).map(([key, value]) => [key, Buffer.from(value, 'base64')]));
}
