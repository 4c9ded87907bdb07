import test from 'ava';
import { applyDefaults } from './apply-defaults.js';
import { applyCreateDefaults } from './create-defaults.js';
import type { Obj } from './fields.js';

const UID = '3b5c2f9e-6a1d-4f0e-9c1b-2d7e8a9f0b1c';

function createJob(job: Obj): Obj {
  const copy = structuredClone(job);
  applyDefaults('batch', 'v1', 'Job', copy);
  (copy.metadata as Obj).uid = UID;
  applyCreateDefaults('batch', 'v1', 'Job', copy);
  return copy;
}

/** What `kubectl create job pi --image=perl:5.34` sends. */
const KUBECTL_CREATE_JOB: Obj = {
  kind: 'Job',
  apiVersion: 'batch/v1',
  metadata: { name: 'pi', creationTimestamp: null },
  spec: { template: { metadata: { creationTimestamp: null }, spec: { containers: [{ name: 'pi', image: 'perl:5.34', resources: {} }], restartPolicy: 'Never' } } },
  status: {},
};

const GENERATED_LABELS = {
  'batch.kubernetes.io/controller-uid': UID,
  'batch.kubernetes.io/job-name': 'pi',
  'controller-uid': UID,
  'job-name': 'pi',
};

test('a job from kubectl create job reads back as from Kubernetes 1.32', (t) => {
  t.deepEqual(createJob(KUBECTL_CREATE_JOB), {
    kind: 'Job',
    apiVersion: 'batch/v1',
    metadata: { name: 'pi', creationTimestamp: null, uid: UID, labels: GENERATED_LABELS },
    spec: {
      backoffLimit: 6,
      completionMode: 'NonIndexed',
      completions: 1,
      manualSelector: false,
      parallelism: 1,
      podReplacementPolicy: 'TerminatingOrFailed',
      selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': UID } },
      suspend: false,
      template: {
        metadata: { creationTimestamp: null, labels: GENERATED_LABELS },
        spec: {
          containers: [
            {
              name: 'pi',
              image: 'perl:5.34',
              imagePullPolicy: 'IfNotPresent',
              resources: {},
              terminationMessagePath: '/dev/termination-log',
              terminationMessagePolicy: 'File',
            },
          ],
          dnsPolicy: 'ClusterFirst',
          restartPolicy: 'Never',
          schedulerName: 'default-scheduler',
          securityContext: {},
          terminationGracePeriodSeconds: 30,
        },
      },
    },
    status: {},
  });
});

test('a job without labels of its own shares its template labels, generated ones included', (t) => {
  const job = createJob({ metadata: { name: 'pi' }, spec: { template: { metadata: { labels: { app: 'pi' } }, spec: { containers: [] } } } });
  t.deepEqual((job.metadata as Obj).labels, { app: 'pi', ...GENERATED_LABELS });
  const labelled = createJob({ metadata: { name: 'pi', labels: { team: 'a' } }, spec: { template: { spec: { containers: [] } } } });
  t.deepEqual((labelled.metadata as Obj).labels, { team: 'a' });
});

test('a manual selector is the client’s own', (t) => {
  const job = createJob({
    metadata: { name: 'pi' },
    spec: { manualSelector: true, selector: { matchLabels: { app: 'pi' } }, template: { metadata: { labels: { app: 'pi' } }, spec: { containers: [] } } },
  });
  t.deepEqual((job.spec as Obj).selector, { matchLabels: { app: 'pi' } });
  t.deepEqual(((job.spec as Obj).template as Obj).metadata, { labels: { app: 'pi' } });
});

test('parallel jobs keep completions unset; per-index backoff lifts the job-wide limit', (t) => {
  const spec = createJob({ metadata: { name: 'w' }, spec: { parallelism: 3, template: { spec: { containers: [] } } } }).spec as Obj;
  t.is(spec.parallelism, 3);
  t.false('completions' in spec);
  const indexed = createJob({ metadata: { name: 'w' }, spec: { completions: 5, completionMode: 'Indexed', backoffLimitPerIndex: 1, template: { spec: { containers: [] } } } }).spec as Obj;
  t.is(indexed.parallelism, 1);
  t.is(indexed.backoffLimit, 2147483647);
  t.is(indexed.completionMode, 'Indexed');
});

test('a pod failure policy makes replacement wait for failure and its patterns match True', (t) => {
  const spec = createJob({
    metadata: { name: 'w' },
    spec: { podFailurePolicy: { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] }] }, template: { spec: { containers: [] } } },
  }).spec as Obj;
  t.is(spec.podReplacementPolicy, 'Failed');
  t.deepEqual(spec.podFailurePolicy, { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] }] });
});

test('job values the client set are kept, and defaulting twice changes nothing more', (t) => {
  const spec = createJob({ metadata: { name: 'w' }, spec: { backoffLimit: 0, suspend: true, completions: 0, parallelism: 0, template: { spec: { containers: [] } } } }).spec as Obj;
  t.is(spec.backoffLimit, 0);
  t.is(spec.suspend, true);
  t.is(spec.completions, 0);
  t.is(spec.parallelism, 0);
  const once = createJob(KUBECTL_CREATE_JOB);
  t.deepEqual(createJob(once), once);
});

test('a cron job gets its policies; its job template only gets pod defaults', (t) => {
  const cronJob = structuredClone({
    metadata: { name: 'hello' },
    spec: { schedule: '*/1 * * * *', jobTemplate: { metadata: { name: 'hello' }, spec: { template: { spec: { containers: [{ name: 'c', image: 'busybox' }], restartPolicy: 'OnFailure' } } } } },
  }) as Obj;
  applyDefaults('batch', 'v1', 'CronJob', cronJob);
  const spec = cronJob.spec as Obj;
  t.is(spec.concurrencyPolicy, 'Allow');
  t.is(spec.suspend, false);
  t.is(spec.successfulJobsHistoryLimit, 3);
  t.is(spec.failedJobsHistoryLimit, 1);
  const jobSpec = (spec.jobTemplate as Obj).spec as Obj;
  t.deepEqual(Object.keys(jobSpec), ['template']);
  t.is(((jobSpec.template as Obj).spec as Obj).restartPolicy, 'OnFailure');
  t.is(((jobSpec.template as Obj).spec as Obj).schedulerName, 'default-scheduler');
});
