// Jobs and CronJobs as pkg/apis/batch/v1/defaults.go leaves them (JobPodReplacementPolicy is on
// in 1.32), and the selector the job strategy generates on create.
import { child, defaultEmpty, defaultNil, defaultZero, isEmpty, items, optional, type Obj } from './fields.js';
import { defaultPodTemplateSpec } from './pod.js';

/** math.MaxInt32: with a per-index backoff limit the job-wide one no longer applies. */
const MAX_INT32 = 2147483647;
const JOB_NAME_LABELS = ['job-name', 'batch.kubernetes.io/job-name'];
const CONTROLLER_UID_LABELS = ['controller-uid', 'batch.kubernetes.io/controller-uid'];

function defaultPodFailurePolicy(spec: Obj): void {
  for (const rule of items(optional(spec, 'podFailurePolicy'), 'rules')) {
    for (const pattern of items(rule, 'onPodConditions')) defaultZero(pattern, 'status', 'True');
  }
}

/** SetDefaults_Job; the job takes its template's labels when it has none of its own. */
export function defaultJob(job: Obj): void {
  const spec = child(job, 'spec');
  // A non-parallel job may leave both unset; then both are 1.
  if (isEmpty(spec.completions) && isEmpty(spec.parallelism)) spec.completions = 1;
  defaultNil(spec, 'parallelism', 1);
  defaultNil(spec, 'backoffLimit', isEmpty(spec.backoffLimitPerIndex) ? 6 : MAX_INT32);
  const template = child(spec, 'template');
  const templateLabels = optional(optional(template, 'metadata'), 'labels');
  if (templateLabels) defaultEmpty(child(job, 'metadata'), 'labels', { ...templateLabels });
  defaultNil(spec, 'completionMode', 'NonIndexed');
  defaultNil(spec, 'suspend', false);
  defaultPodFailurePolicy(spec);
  defaultNil(spec, 'podReplacementPolicy', spec.podFailurePolicy ? 'Failed' : 'TerminatingOrFailed');
  defaultNil(spec, 'manualSelector', false);
  defaultPodTemplateSpec(template);
}

/**
 * The job strategy's generateSelector, unless spec.manualSelector: the template gets the job-name
 * and controller-uid labels (legacy and prefixed) and the selector matches the prefixed uid label.
 * Needs metadata.name and metadata.uid, so it runs once those are set on create.
 */
export function generateJobSelector(job: Obj): void {
  const spec = child(job, 'spec');
  const metadata = child(job, 'metadata');
  if (spec.manualSelector === true || typeof metadata.uid !== 'string' || metadata.uid === '') return;
  const labels = child(child(child(spec, 'template'), 'metadata'), 'labels');
  for (const key of JOB_NAME_LABELS) defaultNil(labels, key, metadata.name);
  for (const key of CONTROLLER_UID_LABELS) defaultNil(labels, key, metadata.uid);
  const matchLabels = child(child(spec, 'selector'), 'matchLabels');
  defaultNil(matchLabels, 'batch.kubernetes.io/controller-uid', metadata.uid);
}

/** SetDefaults_CronJob; only the job template's pod spec is defaulted, not its job spec. */
export function defaultCronJob(cronJob: Obj): void {
  const spec = child(cronJob, 'spec');
  defaultZero(spec, 'concurrencyPolicy', 'Allow');
  defaultNil(spec, 'suspend', false);
  defaultNil(spec, 'successfulJobsHistoryLimit', 3);
  defaultNil(spec, 'failedJobsHistoryLimit', 1);
  defaultPodTemplateSpec(child(child(child(spec, 'jobTemplate'), 'spec'), 'template'));
}
