// batch/v1 validation, as pkg/apis/batch/validation: Jobs (counts, selector, a template whose pods
// end, selector and template immutable) and CronJobs (a schedule robfig/cron's ParseStandard accepts,
// with its error messages, and a job template).
import type { CronJob, Job, JobSpec, JobTemplateSpec } from 'kubernetes-types/batch/v1.js';
import { LabelSelectorError, labelSelectorFromMeta, validateLabelSelector } from '../selectors/label-selector.js';
import { FieldPath, invalid, notSupported, required, type FieldError } from './field-errors.js';
import { validateImmutableField, validateNonnegativeField, validatePodTemplateSpec } from './pod.js';

const JOB_COUNTS = ['parallelism', 'completions', 'activeDeadlineSeconds', 'backoffLimit', 'ttlSecondsAfterFinished', 'backoffLimitPerIndex', 'maxFailedIndexes'] as const;

/** validateJobSpec: what a Job and a CronJob's job template share. */
function validateJobSpecCommon(spec: JobSpec, path: FieldPath): FieldError[] {
  const errors = JOB_COUNTS.flatMap((field) => (spec[field] === undefined ? [] : validateNonnegativeField(spec[field], path.child(field))));
  if (spec.completionMode !== undefined && spec.completionMode !== 'NonIndexed' && spec.completionMode !== 'Indexed') {
    errors.push(notSupported(path.child('completionMode'), spec.completionMode, ['NonIndexed', 'Indexed']));
  }
  errors.push(...validatePodTemplateSpec(spec.template, path.child('template')));
  const restartPolicy = spec.template?.spec?.restartPolicy ?? '';
  const restartPath = path.child('template', 'spec', 'restartPolicy');
  // Always is what defaulting fills in when none was given, so it reads as missing.
  if (restartPolicy === 'Always' || restartPolicy === '') errors.push(required(restartPath, 'valid values: "OnFailure", "Never"'));
  else if (restartPolicy !== 'OnFailure' && restartPolicy !== 'Never') errors.push(notSupported(restartPath, restartPolicy, ['OnFailure', 'Never']));
  return errors;
}

/** ValidateJobSpec: a selector the template's labels match. */
function validateJobSpec(spec: JobSpec, path: FieldPath): FieldError[] {
  const selectorPath = path.child('selector');
  const errors = validateJobSpecCommon(spec, path);
  errors.push(...(spec.selector ? validateLabelSelector(spec.selector, selectorPath) : [required(selectorPath)]));
  try {
    const labels = spec.template?.metadata?.labels;
    if (!labelSelectorFromMeta(spec.selector).matches(labels)) {
      errors.push(invalid(path.child('template', 'metadata', 'labels'), labels ?? null, '`selector` does not match template `labels`'));
    }
  } catch (error) {
    if (!(error instanceof LabelSelectorError)) throw error;
  }
  return errors;
}

/** ValidateJob, without metadata or the generated-selector check (the registry generates both). */
export function validateJob(job: Job): FieldError[] {
  return validateJobSpec(job.spec ?? ({} as JobSpec), FieldPath.of('spec'));
}

/** ValidateJobSpecUpdate, simplified: completions, selector and template never change. */
export function validateJobUpdate(job: Job, old: Job): FieldError[] {
  const path = FieldPath.of('spec');
  const spec = job.spec ?? ({} as JobSpec);
  const oldSpec = old.spec ?? ({} as JobSpec);
  return [
    ...validateJobSpec(spec, path),
    ...validateImmutableField(spec.completions, oldSpec.completions, path.child('completions')),
    ...validateImmutableField(spec.selector, oldSpec.selector, path.child('selector')),
    ...validateImmutableField(spec.template, oldSpec.template, path.child('template')),
    ...validateImmutableField(spec.completionMode, oldSpec.completionMode, path.child('completionMode')),
  ];
}

/** ValidateJobTemplateSpec: the selector is generated, never given. */
function validateJobTemplateSpec(template: JobTemplateSpec | undefined, path: FieldPath): FieldError[] {
  const spec = template?.spec ?? ({} as JobSpec);
  const specPath = path.child('spec');
  const errors = validateJobSpecCommon(spec, specPath);
  if (spec.selector) errors.push(invalid(specPath.child('selector'), spec.selector, '`selector` will be auto-generated'));
  if (spec.manualSelector) errors.push(notSupported(specPath.child('manualSelector'), spec.manualSelector, ['nil', 'false']));
  return errors;
}

const CONCURRENCY_POLICIES = ['Allow', 'Forbid', 'Replace'] as const;

/** validateCronJobSpec; `old` is the stored CronJob on update. */
function validateCronJobSpec(cronJob: CronJob, old: CronJob | undefined): FieldError[] {
  const path = FieldPath.of('spec');
  const spec = cronJob.spec ?? { schedule: '', jobTemplate: {} };
  const errors: FieldError[] = [];
  if (!spec.schedule) errors.push(required(path.child('schedule')));
  else errors.push(...validateScheduleFormat(spec.schedule, (old?.spec?.schedule ?? '').includes('TZ'), spec.timeZone, path.child('schedule')));
  if (spec.startingDeadlineSeconds !== undefined) errors.push(...validateNonnegativeField(spec.startingDeadlineSeconds, path.child('startingDeadlineSeconds')));
  const policy = spec.concurrencyPolicy ?? '';
  if (policy === '') errors.push(required(path.child('concurrencyPolicy')));
  else if (!(CONCURRENCY_POLICIES as readonly string[]).includes(policy)) errors.push(notSupported(path.child('concurrencyPolicy'), policy, CONCURRENCY_POLICIES));
  errors.push(...validateJobTemplateSpec(spec.jobTemplate, path.child('jobTemplate')));
  for (const field of ['successfulJobsHistoryLimit', 'failedJobsHistoryLimit'] as const) {
    const limit = spec[field];
    if (limit !== undefined) errors.push(...validateNonnegativeField(limit, path.child(field)));
  }
  return errors;
}

/** ValidateCronJobCreate, without metadata: the name leaves room for the 11-character job suffix. */
export function validateCronJob(cronJob: CronJob): FieldError[] {
  const errors = validateCronJobSpec(cronJob, undefined);
  const name = cronJob.metadata?.name ?? '';
  if (name.length > 52) errors.push(invalid(FieldPath.of('metadata', 'name'), name, 'must be no more than 52 characters'));
  return errors;
}

export function validateCronJobUpdate(cronJob: CronJob, old: CronJob): FieldError[] {
  return validateCronJobSpec(cronJob, old);
}

function validateScheduleFormat(schedule: string, allowTZ: boolean, timeZone: string | undefined, path: FieldPath): FieldError[] {
  const errors: FieldError[] = [];
  const parseError = cronParseError(schedule);
  if (parseError !== undefined) errors.push(invalid(path, schedule, parseError));
  if (allowTZ && schedule.includes('TZ') && timeZone !== undefined) errors.push(invalid(path, schedule, 'cannot use both timeZone field and TZ or CRON_TZ in schedule'));
  else if (!allowTZ && schedule.includes('TZ')) errors.push(invalid(path, schedule, 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead'));
  return errors;
}

interface CronBounds {
  min: number;
  max: number;
  names?: Readonly<Record<string, number>>;
}

const MONTH_NAMES = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };
const DAY_NAMES = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };
/** minute, hour, day of month, month, day of week. */
const STANDARD_FIELDS: readonly CronBounds[] = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12, names: MONTH_NAMES },
  { min: 0, max: 6, names: DAY_NAMES },
];
const DESCRIPTORS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);
const GO_DURATION = /^[-+]?((\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))+$|^[-+]?0$/;

/** cron.ParseStandard's error message for a schedule, or undefined when it parses. */
export function cronParseError(schedule: string): string | undefined {
  if (schedule === '') return 'empty spec string';
  let spec = schedule;
  // A TZ= or CRON_TZ= prefix names the zone; the rest is the schedule.
  if (spec.startsWith('TZ=') || spec.startsWith('CRON_TZ=')) spec = spec.slice(Math.max(spec.indexOf(' '), 0)).trim();
  if (spec.startsWith('@')) return descriptorError(spec);
  const fields = spec.split(/\s+/).filter((field) => field !== '');
  if (fields.length !== 5) return `expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`;
  for (const [i, field] of fields.entries()) {
    for (const expression of field.split(',').filter((part) => part !== '')) {
      const error = rangeError(expression, STANDARD_FIELDS[i]);
      if (error !== undefined) return error;
    }
  }
  return undefined;
}

function descriptorError(descriptor: string): string | undefined {
  if (DESCRIPTORS.has(descriptor)) return undefined;
  if (descriptor.startsWith('@every ')) {
    const duration = descriptor.slice('@every '.length);
    return GO_DURATION.test(duration) ? undefined : `failed to parse duration ${descriptor}: time: invalid duration "${duration}"`;
  }
  return `unrecognized descriptor: ${descriptor}`;
}

/** strconv.Atoi with cron's own wrapping of its errors (mustParseInt). */
function parseCronInt(text: string): number | string {
  if (!/^[+-]?[0-9]+$/.test(text)) return `failed to parse int from ${text}: strconv.Atoi: parsing "${text}": invalid syntax`;
  const value = Number(text);
  if (!Number.isSafeInteger(value)) return `failed to parse int from ${text}: strconv.Atoi: parsing "${text}": value out of range`;
  return value < 0 ? `negative number (${value}) not allowed: ${text}` : value;
}

function parseIntOrName(text: string, bounds: CronBounds): number | string {
  const named = bounds.names?.[text.toLowerCase() as keyof typeof bounds.names];
  return named ?? parseCronInt(text);
}

/** getRange: `*`, `?`, `n`, `a-b`, each optionally `/step`. */
function rangeError(expression: string, bounds: CronBounds): string | undefined {
  const rangeAndStep = expression.split('/');
  const lowAndHigh = rangeAndStep[0].split('-');
  let start = bounds.min;
  let end = bounds.max;
  if (lowAndHigh[0] !== '*' && lowAndHigh[0] !== '?') {
    const low = parseIntOrName(lowAndHigh[0], bounds);
    if (typeof low === 'string') return low;
    start = low;
    if (lowAndHigh.length > 2) return `too many hyphens: ${expression}`;
    const high = lowAndHigh.length === 2 ? parseIntOrName(lowAndHigh[1], bounds) : start;
    if (typeof high === 'string') return high;
    end = high;
  }
  let step = 1;
  if (rangeAndStep.length > 2) return `too many slashes: ${expression}`;
  if (rangeAndStep.length === 2) {
    const parsed = parseCronInt(rangeAndStep[1]);
    if (typeof parsed === 'string') return parsed;
    step = parsed;
    // "n/step" means "n-max/step".
    if (lowAndHigh.length === 1) end = bounds.max;
  }
  if (start < bounds.min) return `beginning of range (${start}) below minimum (${bounds.min}): ${expression}`;
  if (end > bounds.max) return `end of range (${end}) above maximum (${bounds.max}): ${expression}`;
  if (start > end) return `beginning of range (${start}) beyond end of range (${end}): ${expression}`;
  return step === 0 ? `step of range should be a positive number: ${expression}` : undefined;
}
