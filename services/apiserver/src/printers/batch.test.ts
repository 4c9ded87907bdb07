import test from 'ava';
import type { CronJob, Job } from 'kubernetes-types/batch/v1.js';
import { cronJobPrinter, jobPrinter } from './batch.js';

const now = new Date('2026-11-24T12:00:00Z');
const metadata = { name: 'pi', namespace: 'default', creationTimestamp: '2026-11-24T11:50:00Z' };
const template = { spec: { restartPolicy: 'Never', containers: [{ name: 'pi', image: 'perl:5.34' }] } };
const selector = { matchLabels: { 'batch.kubernetes.io/controller-uid': 'c1' } };

function job(spec: Partial<Job['spec']>, status: Job['status'], extra: Partial<Job['metadata']> = {}): Job {
  return { metadata: { ...metadata, ...extra }, spec: { template, selector, ...spec }, status };
}

test('jobs: NAME STATUS COMPLETIONS DURATION AGE, wide CONTAINERS IMAGES SELECTOR', (t) => {
  t.deepEqual(
    jobPrinter.columns.map((c) => [c.name, c.priority]),
    [['Name', 0], ['Status', 0], ['Completions', 0], ['Duration', 0], ['Age', 0], ['Containers', 1], ['Images', 1], ['Selector', 1]],
  );
  const complete = job(
    { completions: 1, parallelism: 1 },
    { succeeded: 1, startTime: '2026-11-24T11:50:00Z', completionTime: '2026-11-24T11:50:42Z', conditions: [{ type: 'Complete', status: 'True' }] },
  );
  t.deepEqual(jobPrinter.cells(complete, now), ['pi', 'Complete', '1/1', '42s', '10m', 'pi', 'perl:5.34', 'batch.kubernetes.io/controller-uid=c1']);
});

test('a running job measures its duration to now; one not started has none', (t) => {
  t.deepEqual(jobPrinter.cells(job({ completions: 5 }, { succeeded: 2, active: 1, startTime: '2026-11-24T11:56:30Z' }), now).slice(1, 4), ['Running', '2/5', '3m30s']);
  t.deepEqual(jobPrinter.cells(job({ completions: 1 }, undefined), now).slice(1, 4), ['Running', '0/1', '']);
});

test('completions without spec.completions: 0/1, or "0/1 of N" in parallel', (t) => {
  t.is(jobPrinter.cells(job({ parallelism: 3 }, { succeeded: 0 }), now)[2], '0/1 of 3');
  t.is(jobPrinter.cells(job({ parallelism: 1 }, { succeeded: 1 }), now)[2], '1/1');
});

test('job status: Failed, Terminating, Suspended, FailureTarget', (t) => {
  const withCondition = (type: string) => job({ completions: 1 }, { conditions: [{ type, status: 'True' }] });
  t.is(jobPrinter.cells(withCondition('Failed'), now)[1], 'Failed');
  t.is(jobPrinter.cells(withCondition('Suspended'), now)[1], 'Suspended');
  t.is(jobPrinter.cells(withCondition('FailureTarget'), now)[1], 'FailureTarget');
  t.is(jobPrinter.cells(job({ completions: 1 }, {}, { deletionTimestamp: '2026-11-24T11:59:00Z' }), now)[1], 'Terminating');
  t.is(jobPrinter.cells(job({ completions: 1 }, { conditions: [{ type: 'Complete', status: 'False' }] }), now)[1], 'Running');
});

test('cronjobs: NAME SCHEDULE TIMEZONE SUSPEND ACTIVE LAST SCHEDULE AGE', (t) => {
  const cronJob: CronJob = {
    metadata: { ...metadata, name: 'backup', creationTimestamp: '2026-11-21T12:00:00Z' },
    spec: { schedule: '*/5 * * * *', suspend: false, jobTemplate: { spec: { template } } },
    status: { active: [{ name: 'backup-29000' }], lastScheduleTime: '2026-11-24T11:55:00Z' },
  };
  t.deepEqual(
    cronJobPrinter.columns.map((c) => c.name),
    ['Name', 'Schedule', 'Timezone', 'Suspend', 'Active', 'Last Schedule', 'Age', 'Containers', 'Images', 'Selector'],
  );
  t.deepEqual(cronJobPrinter.cells(cronJob, now), ['backup', '*/5 * * * *', '<none>', 'False', 1, '5m', '3d', 'pi', 'perl:5.34', '<none>']);
  const fresh: CronJob = { ...cronJob, spec: { ...cronJob.spec!, timeZone: 'Etc/UTC', suspend: true }, status: {} };
  t.deepEqual(cronJobPrinter.cells(fresh, now).slice(2, 6), ['Etc/UTC', 'True', 0, '<none>']);
});
