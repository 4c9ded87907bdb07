// The downward API's pod fields (env fieldRef and downwardAPI volume items): which paths exist
// (ConvertDownwardAPIFieldLabel) and their values (kubelet podFieldSelectorRuntimeValue and
// fieldpath.ExtractFieldPathAsString), with Kubernetes' error texts.
import type { ObjectFieldSelector, Pod } from 'kubernetes-types/core/v1.js';

/** What the pod object does not hold yet when the kubelet starts its containers. */
export interface PodRuntimeFields {
  nodeName: string;
  /** Used when the pod spec names none (the admission plugin normally sets it). */
  serviceAccountName?: string;
  podIPs: readonly string[];
  hostIPs: readonly string[];
}

const PLAIN_FIELDS = new Set([
  'metadata.annotations',
  'metadata.labels',
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'spec.nodeName',
  'spec.restartPolicy',
  'spec.serviceAccountName',
  'spec.schedulerName',
  'status.phase',
  'status.hostIP',
  'status.hostIPs',
  'status.podIP',
  'status.podIPs',
]);
const SUBSCRIPTED_FIELDS = new Set(['metadata.annotations', 'metadata.labels']);

export class FieldPathError extends Error {
  override name = 'FieldPathError';
}

/** fieldpath.SplitMaybeSubscriptedPath: `metadata.labels['app']` -> [`metadata.labels`, `app`]. */
function splitSubscript(fieldPath: string): { path: string; subscript: string } | undefined {
  if (!fieldPath.endsWith("']")) return undefined;
  const body = fieldPath.slice(0, -2);
  const open = body.indexOf("['");
  if (open <= 0) return undefined;
  return { path: body.slice(0, open), subscript: body.slice(open + 2) };
}

/** podshelper.ConvertDownwardAPIFieldLabel: the internal path, or Kubernetes' rejection. */
function convertFieldLabel(apiVersion: string, label: string): string {
  if (apiVersion !== 'v1') throw new FieldPathError(`unsupported pod version: ${apiVersion}`);
  const subscripted = splitSubscript(label);
  if (subscripted !== undefined) {
    if (SUBSCRIPTED_FIELDS.has(subscripted.path)) return label;
    throw new FieldPathError(`field label does not support subscript: ${label}`);
  }
  if (label === 'spec.host') return 'spec.nodeName';
  if (PLAIN_FIELDS.has(label)) return label;
  throw new FieldPathError(`field label not supported: ${label}`);
}

const GO_CONTROL_ESCAPES: Readonly<Record<string, string>> = { '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v' };

/** Go's %q for a string: double quotes, backslash escapes, \xNN for other control bytes. */
function goQuote(value: string): string {
  const escaped = value.replace(/[\\"\x00-\x1f\x7f]/g, (c) => {
    if (c === '\\' || c === '"') return `\\${c}`;
    return GO_CONTROL_ESCAPES[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
  });
  return `"${escaped}"`;
}

/** fieldpath.FormatMap: `key="value"` lines in key order. */
export function formatMap(map: Readonly<Record<string, string>> | undefined): string {
  return Object.keys(map ?? {})
    .sort()
    .map((key) => `${key}=${goQuote(map![key])}`)
    .join('\n');
}

/** fieldpath.ExtractFieldPathAsString for the metadata fields. */
function metadataField(pod: Pod, fieldPath: string): string {
  const meta = pod.metadata ?? {};
  const subscripted = splitSubscript(fieldPath);
  if (subscripted !== undefined) {
    const map = subscripted.path === 'metadata.annotations' ? meta.annotations : meta.labels;
    return map?.[subscripted.subscript] ?? '';
  }
  switch (fieldPath) {
    case 'metadata.annotations':
      return formatMap(meta.annotations);
    case 'metadata.labels':
      return formatMap(meta.labels);
    case 'metadata.name':
      return meta.name ?? '';
    case 'metadata.namespace':
      return meta.namespace ?? '';
    case 'metadata.uid':
      return meta.uid ?? '';
  }
  throw new FieldPathError(`unsupported fieldPath: ${fieldPath}`);
}

/** The value of a downward API field of the pod. */
export function podFieldValue(pod: Pod, selector: ObjectFieldSelector, runtime: PodRuntimeFields): string {
  const fieldPath = convertFieldLabel(selector.apiVersion || 'v1', selector.fieldPath);
  switch (fieldPath) {
    case 'spec.nodeName':
      return pod.spec?.nodeName || runtime.nodeName;
    case 'spec.serviceAccountName':
      return pod.spec?.serviceAccountName || (runtime.serviceAccountName ?? '');
    case 'status.hostIP':
      return runtime.hostIPs[0] ?? '';
    case 'status.hostIPs':
      return runtime.hostIPs.join(',');
    case 'status.podIP':
      return runtime.podIPs[0] ?? '';
    case 'status.podIPs':
      return runtime.podIPs.join(',');
  }
  return metadataField(pod, fieldPath);
}
