// The files of configMap, secret and downwardAPI volumes (and of those projections in a projected
// volume): configmap.MakePayload, secret.MakePayload and downwardapi.CollectData.
import type { ConfigMap, DownwardAPIVolumeFile, KeyToPath, Pod } from 'kubernetes-types/core/v1.js';
import { aggregateMessage } from '../errors.js';
import { podFieldValue } from '../field-ref.js';
import type { ResourceList } from '../quantity-values.js';
import { containerResourceValue } from '../resource-field-ref.js';
import type { Payload } from './atomic-writer.js';

/** The mode of a volume's files when the spec gives none (the API's default, 0644). */
export const DEFAULT_MODE = 0o644;

export class PayloadError extends Error {
  override name = 'PayloadError';
}

/** Every key, or only the listed ones at their paths; a listed key that is missing fails unless optional. */
function keyedPayload(items: readonly KeyToPath[] | undefined, data: ReadonlyMap<string, Buffer>, defaultMode: number, optional: boolean, missingKey: (key: string) => string): Payload {
  const payload: Payload = new Map();
  if (!items?.length) {
    for (const [key, value] of data) payload.set(key, { data: value, mode: defaultMode });
    return payload;
  }
  for (const item of items) {
    const value = data.get(item.key);
    if (value === undefined) {
      if (optional) continue;
      throw new PayloadError(missingKey(item.key));
    }
    payload.set(item.path, { data: value, mode: item.mode ?? defaultMode });
  }
  return payload;
}

/** A ConfigMap's data and binaryData as bytes (binaryData is base64 in the API). */
function configMapData(configMap: ConfigMap | undefined): Map<string, Buffer> {
  const data = new Map(Object.entries(configMap?.data ?? {}).map(([key, value]) => [key, Buffer.from(value, 'utf8')]));
  for (const [key, value] of Object.entries(configMap?.binaryData ?? {})) data.set(key, Buffer.from(value, 'base64'));
  return data;
}

export function configMapPayload(items: readonly KeyToPath[] | undefined, configMap: ConfigMap | undefined, defaultMode: number, optional: boolean): Payload {
  return keyedPayload(items, configMapData(configMap), defaultMode, optional, (key) => `configmap references non-existent config key: ${key}`);
}

export function secretPayload(items: readonly KeyToPath[] | undefined, data: ReadonlyMap<string, Buffer>, defaultMode: number, optional: boolean): Payload {
  return keyedPayload(items, data, defaultMode, optional, (key) => `references non-existent secret key: ${key}`);
}

/** What a downwardAPI file may report besides the pod object. */
export interface DownwardContext {
  nodeAllocatable: ResourceList;
}

function downwardValue(item: DownwardAPIVolumeFile, pod: Pod, context: DownwardContext): string {
  if (item.fieldRef) {
    const runtime = {
      nodeName: pod.spec?.nodeName ?? '',
      podIPs: (pod.status?.podIPs ?? []).map((ip) => ip.ip ?? ''),
      hostIPs: (pod.status?.hostIPs ?? []).map((ip) => ip.ip ?? ''),
    };
    return podFieldValue(pod, item.fieldRef, runtime);
  }
  if (item.resourceFieldRef) return containerResourceValue(item.resourceFieldRef, pod, undefined, context.nodeAllocatable);
  return '';
}

/** downwardapi.CollectData: every file it can compute; the failures together. */
export function downwardApiPayload(items: readonly DownwardAPIVolumeFile[] | undefined, pod: Pod, defaultMode: number, context: DownwardContext): Payload {
  const payload: Payload = new Map();
  const errors: Error[] = [];
  for (const item of items ?? []) {
    try {
      payload.set(item.path, { data: Buffer.from(downwardValue(item, pod, context), 'utf8'), mode: item.mode ?? defaultMode });
    } catch (error) {
      errors.push(error as Error);
    }
  }
  if (errors.length > 0) throw new PayloadError(aggregateMessage(errors));
  return payload;
}
