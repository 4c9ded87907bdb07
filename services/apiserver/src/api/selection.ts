import type { ResourceInfo } from '@kubeling/api';
import { FieldSelectorError, parseFieldSelector, unsupportedFieldError } from '@kubeling/api/selectors/field-selector';
import { LabelSelectorError, parseLabelSelector } from '@kubeling/api/selectors/label-selector';
import { errors } from '../errors.js';
import type { KubeObject } from '../storage/object.js';
import type { ListQuery } from './list-query.js';

/** The fields each resource can be selected by, beyond metadata.name and metadata.namespace (its GetAttrs). */
const SELECTABLE: Record<string, string[]> = {
  pods: ['spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName', 'spec.hostNetwork', 'status.phase', 'status.podIP', 'status.nominatedNodeName'],
  events: [
    'involvedObject.kind',
    'involvedObject.namespace',
    'involvedObject.name',
    'involvedObject.uid',
    'involvedObject.apiVersion',
    'involvedObject.resourceVersion',
    'involvedObject.fieldPath',
    'reason',
    'reportingComponent',
    'source',
    'type',
  ],
  nodes: ['spec.unschedulable'],
  namespaces: ['status.phase'],
  secrets: ['type'],
  replicasets: ['status.replicas'],
  replicationcontrollers: ['status.replicas'],
  jobs: ['status.successful'],
};

/** The value of a dotted field path as a selector compares it: text, numbers and booleans as Go prints them. */
function fieldValue(obj: KubeObject, path: string): string | undefined {
  if (path === 'source') return ((obj.source as { component?: string } | undefined)?.component) ?? '';
  let value: unknown = obj;
  for (const part of path.split('.')) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
  if (value === undefined || value === null) return path === 'spec.unschedulable' || path === 'spec.hostNetwork' ? 'false' : '';
  return String(value);
}

/** The label and field selectors of a list or watch, as one predicate; bad ones are 400. */
export function selectorFor(r: ResourceInfo, q: ListQuery): (obj: KubeObject) => boolean {
  try {
    const labels = parseLabelSelector(q.labelSelector);
    const fields = parseFieldSelector(q.fieldSelector);
    const unsupported = unsupportedFieldError(fields, new Set(['metadata.name', 'metadata.namespace', ...(SELECTABLE[r.resource] ?? [])]));
    if (unsupported) throw unsupported;
    return (obj) => labels.matches(obj.metadata?.labels) && fields.matches((path) => fieldValue(obj, path));
  } catch (err) {
    if (err instanceof LabelSelectorError || err instanceof FieldSelectorError) throw errors.badRequest(err.message);
    throw err;
  }
}
