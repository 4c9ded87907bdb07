import type { ResourceInfo } from '@kubeling/api';
import { errors } from '../errors.js';
import type { KubeObject } from '../storage/object.js';
import { isPlainObject } from '../storage/object.js';

interface ScaleSpecHolder {
  spec?: { replicas?: number; selector?: { matchLabels?: Record<string, string>; matchExpressions?: Array<{ key: string; operator: string; values?: string[] }> } | Record<string, string> };
  status?: { replicas?: number };
}

/** The selector of a scalable object as a label selector string (Scale's status.selector). */
function selectorString(r: ResourceInfo, obj: ScaleSpecHolder): string {
  const selector = obj.spec?.selector;
  if (!selector) return '';
  // ReplicationController's selector is a plain map; the apps kinds have a LabelSelector.
  const labels = r.kind === 'ReplicationController' ? (selector as Record<string, string>) : ((selector as { matchLabels?: Record<string, string> }).matchLabels ?? {});
  const parts = Object.keys(labels)
    .sort()
    .map((k) => `${k}=${labels[k]}`);
  const expressions = r.kind === 'ReplicationController' ? [] : ((selector as { matchExpressions?: Array<{ key: string; operator: string; values?: string[] }> }).matchExpressions ?? []);
  for (const e of expressions) {
    if (e.operator === 'In') parts.push(`${e.key} in (${(e.values ?? []).join(',')})`);
    else if (e.operator === 'NotIn') parts.push(`${e.key} notin (${(e.values ?? []).join(',')})`);
    else if (e.operator === 'Exists') parts.push(e.key);
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`);
  }
  return parts.join(',');
}

/** autoscaling/v1 Scale of a Deployment, ReplicaSet, StatefulSet or ReplicationController. */
export function scaleOf(r: ResourceInfo, obj: KubeObject): KubeObject {
  const holder = obj as ScaleSpecHolder;
  const m = obj.metadata ?? {};
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: { name: m.name, namespace: m.namespace, uid: m.uid, resourceVersion: m.resourceVersion, creationTimestamp: m.creationTimestamp },
    spec: { replicas: holder.spec?.replicas ?? 0 },
    status: { replicas: holder.status?.replicas ?? 0, selector: selectorString(r, holder) },
  };
}

/** The object with the replicas a Scale asks for; its resourceVersion, if any, is a precondition. */
export function applyScale(obj: KubeObject, scale: unknown): KubeObject {
  if (!isPlainObject(scale)) throw errors.badRequest('the body of the request is not a Scale');
  const replicas = (scale.spec as { replicas?: unknown } | undefined)?.replicas;
  if (replicas !== undefined && (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0)) {
    throw errors.invalid({ group: 'autoscaling', kind: 'Scale' }, obj.metadata?.name ?? '', `Scale.autoscaling "${obj.metadata?.name}" is invalid: spec.replicas: Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0`, [
      { reason: 'FieldValueInvalid', message: `Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0`, field: 'spec.replicas' },
    ]);
  }
  const rv = (scale.metadata as { resourceVersion?: string } | undefined)?.resourceVersion;
  const spec = { ...(obj.spec as object), replicas: replicas ?? (obj.spec as { replicas?: number } | undefined)?.replicas };
  return { ...obj, spec, metadata: { ...obj.metadata, resourceVersion: rv } };
}
