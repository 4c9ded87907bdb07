import test from 'ava';
import type { CronJob, Job, JobSpec } from 'kubernetes-types/batch/v1.js';
import type { PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import { cronParseError, validateCronJob, validateCronJobUpdate, validateJob, validateJobUpdate } from './batch.js';

const template = (restartPolicy: string, labels: Record<string, string> = { 'job-name': 'pi' }): PodTemplateSpec => ({
  metadata: { labels },
  spec: {
    containers: [{ name: 'pi', image: 'perl', imagePullPolicy: 'IfNotPresent', terminationMessagePolicy: 'File' }],
    restartPolicy,
    dnsPolicy: 'ClusterFirst',
    terminationGracePeriodSeconds: 30,
  },
});
const job = (overrides: Partial<JobSpec> = {}): Job => ({
  metadata: { name: 'pi' },
  spec: { selector: { matchLabels: { 'job-name': 'pi' } }, template: template('Never'), backoffLimit: 6, completions: 1, parallelism: 1, ...overrides },
});
const cronJob = (schedule: string): CronJob => ({
  metadata: { name: 'tick' },
  spec: { schedule, concurrencyPolicy: 'Allow', jobTemplate: { spec: { template: template('OnFailure', {}) } } },
});
const messages = (errors: readonly unknown[]): string[] => errors.map(String);

test('a job is valid with OnFailure or Never', (t) => {
  t.deepEqual(validateJob(job()), []);
  t.deepEqual(validateJob(job({ template: template('OnFailure') })), []);
});

test('a job whose pods would restart forever is rejected', (t) => {
  t.deepEqual(messages(validateJob(job({ template: template('Always') }))), ['spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"']);
  t.deepEqual(messages(validateJob(job({ template: template('Sometimes') }))), [
    'spec.template.spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
    'spec.template.spec.restartPolicy: Unsupported value: "Sometimes": supported values: "OnFailure", "Never"',
  ]);
});

test('job counts are non-negative and the selector matches', (t) => {
  t.deepEqual(messages(validateJob(job({ parallelism: -1, backoffLimit: -2, selector: { matchLabels: { 'job-name': 'other' } } }))), [
    'spec.parallelism: Invalid value: -1: must be greater than or equal to 0',
    'spec.backoffLimit: Invalid value: -2: must be greater than or equal to 0',
    'spec.template.metadata.labels: Invalid value: {"job-name":"pi"}: `selector` does not match template `labels`',
  ]);
});

test('a job\'s selector and template never change', (t) => {
  t.deepEqual(validateJobUpdate(job(), job()), []);
  const changed = job({ template: { ...template('Never'), spec: { ...template('Never').spec!, activeDeadlineSeconds: 5 } } });
  const errors = messages(validateJobUpdate(changed, job()));
  t.is(errors.length, 1);
  t.true(errors[0].startsWith('spec.template: Invalid value: {') && errors[0].endsWith('}: field is immutable'));
});

test('cron schedules parse as robfig/cron does', (t) => {
  for (const good of ['*/5 * * * *', '0 0 1 jan-mar MON-fri', '@hourly', '@every 1h30m', '5 4 * * ?', '30 3 1-15/2 * *']) t.is(cronParseError(good), undefined, good);
  t.is(cronParseError('* * * *'), 'expected exactly 5 fields, found 4: [* * * *]');
  t.is(cronParseError('61 * * * *'), 'end of range (61) above maximum (59): 61');
  t.is(cronParseError('* * 0 * *'), 'beginning of range (0) below minimum (1): 0');
  t.is(cronParseError('5-1 * * * *'), 'beginning of range (5) beyond end of range (1): 5-1');
  t.is(cronParseError('x * * * *'), 'failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax');
  t.is(cronParseError('*/0 * * * *'), 'step of range should be a positive number: */0');
  t.is(cronParseError('1-2-3 * * * *'), 'too many hyphens: 1-2-3');
  t.is(cronParseError('@often'), 'unrecognized descriptor: @often');
});

test('cron jobs: schedule, TZ and job template', (t) => {
  t.deepEqual(validateCronJob(cronJob('*/1 * * * *')), []);
  t.deepEqual(messages(validateCronJob(cronJob('not a cron'))), ['spec.schedule: Invalid value: "not a cron": expected exactly 5 fields, found 3: [not a cron]']);
  t.deepEqual(messages(validateCronJob(cronJob('TZ=UTC * * * * *'))), ['spec.schedule: Invalid value: "TZ=UTC * * * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead']);
  t.deepEqual(validateCronJobUpdate(cronJob('TZ=UTC 0 * * * *'), cronJob('TZ=UTC * * * * *')), []);
  const withSelector = cronJob('@daily');
  withSelector.spec!.jobTemplate.spec!.selector = { matchLabels: { a: 'b' } };
  t.deepEqual(messages(validateCronJob(withSelector)), ['spec.jobTemplate.spec.selector: Invalid value: {"matchLabels":{"a":"b"}}: `selector` will be auto-generated']);
});
