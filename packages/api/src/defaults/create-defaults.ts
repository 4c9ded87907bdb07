// What the apiserver adds only when an object is created: the registry strategies'
// PrepareForCreate and the Priority admission plugin. Applied after applyDefaults, once
// metadata.name and metadata.uid are set.
import { defaultJob, generateJobSelector } from './batch.js';
import { child, optional, type Obj } from './fields.js';
import { prepareNamespaceForCreate } from './namespace.js';
import { admitPodPriority } from './pod-priority.js';
import { podQOSClass } from './pod-qos.js';

type Preparer = (obj: Obj) => void;

/** A new pod is Pending with its QoS class; whatever status the client sent is dropped. */
function preparePodForCreate(pod: Obj): void {
  const spec = child(pod, 'spec');
  admitPodPriority(spec);
  pod.status = { phase: 'Pending', qosClass: podQOSClass(spec) };
}

function templateLabels(job: Obj): Obj | undefined {
  return optional(optional(optional(optional(job, 'spec'), 'template'), 'metadata'), 'labels');
}

function sameLabels(a: Obj | undefined, b: Obj | undefined): boolean {
  return a !== undefined && b !== undefined && JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The generated labels reach the job's own labels: upstream, labels the job took from its
 * template are the template's very map, so they gain the generated ones too; labels the job
 * lacked are copied when the stored job is read back (and defaulted again).
 */
function prepareJobForCreate(job: Obj): void {
  const metadata = child(job, 'metadata');
  const sharesTemplateLabels = sameLabels(optional(metadata, 'labels'), templateLabels(job));
  generateJobSelector(job);
  if (sharesTemplateLabels) metadata.labels = { ...templateLabels(job) };
  defaultJob(job);
}

const PREPARERS: ReadonlyMap<string, Preparer> = new Map([
  ['/v1/Pod', preparePodForCreate],
  ['/v1/Namespace', prepareNamespaceForCreate],
  ['batch/v1/Job', prepareJobForCreate],
]);

/** Applies the create-only defaults for the kind to `obj`, in place. */
export function applyCreateDefaults(group: string, version: string, kind: string, obj: Record<string, unknown>): void {
  PREPARERS.get(`${group}/${version}/${kind}`)?.(obj);
}
