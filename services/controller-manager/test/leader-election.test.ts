import test from 'ava';
import { readFileSync } from 'node:fs';
import { Watcher, type KubeObject } from '@kubeling/client';
import { waitFor, waitForLog, type Component } from '@kubeling/testing';
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { controllerOf } from '../src/controller-utils/controller-ref.js';
import { startComponents, useCluster } from './cluster-fixture.js';

const fixture = useCluster();

const LEASE_FLAGS = ['--leader-elect-lease-duration=4s', '--leader-elect-renew-deadline=3s', '--leader-elect-retry-period=500ms'];
const DEPLOYMENTS = { group: 'apps', version: 'v1', resource: 'deployments', namespace: 'default' };
const REPLICAS = 6;
const MAX_SURGE = 1;

test.before(() => startComponents(fixture, { scheduler: true, hollowNodes: 3 }));

const startManager = (logName: string) => fixture.start('controller-manager', [...LEASE_FLAGS, '--controllers', 'deployment-controller,replicaset-controller'], logName);

const leads = (c: Component) => readFileSync(c.logFile, 'utf8').includes('"msg":"started leading"');

/** Per ReplicaSet uid: the most pods it ever had at once (not being deleted), from a pod watch. */
function trackPodsPerReplicaSet() {
  const owner = new Map<string, string>();
  const counts = new Map<string, number>();
  const most = new Map<string, number>();
  let total = 0;
  let mostTotal = 0;
  let gone = false;
  const watcher = new Watcher<Pod & KubeObject>(fixture.client, { version: 'v1', resource: 'pods', namespace: 'default' }, { resourceVersion: '0' }, {
    onEvent: (type, pod) => {
      const uid = pod.metadata!.uid!;
      const live = type !== 'DELETED' && !pod.metadata?.deletionTimestamp;
      const was = owner.get(uid);
      if (was !== undefined && !live) {
        owner.delete(uid);
        counts.set(was, counts.get(was)! - 1);
        total--;
      }
      const rs = controllerOf(pod)?.uid;
      if (was === undefined && live && rs) {
        owner.set(uid, rs);
        counts.set(rs, (counts.get(rs) ?? 0) + 1);
        most.set(rs, Math.max(most.get(rs) ?? 0, counts.get(rs)!));
        total++;
        mostTotal = Math.max(mostTotal, total);
      }
    },
    onGone: () => {
      gone = true;
    },
  });
  return { most, mostTotal: () => mostTotal, complete: () => !gone, stop: () => watcher.stop() };
}

test('kill -9 the leading controller-manager mid-rollout: the standby finishes it, and no ReplicaSet ever has more pods than its rules allow', async (t) => {
  const first = startManager('controller-manager-a');
  await waitForLog(first, 'started leading');
  const second = startManager('controller-manager-b');

  const pods = trackPodsPerReplicaSet();
  t.teardown(() => pods.stop());
  await fixture.client.create(DEPLOYMENTS, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: {
      replicas: REPLICAS,
      // Each step of the rollout waits this long for new pods to count as available, so the kill lands mid-rollout.
      minReadySeconds: 3,
      selector: { matchLabels: { app: 'web' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: MAX_SURGE, maxUnavailable: 1 } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'busybox:1' }] } },
    },
  });
  const status = async () => (await fixture.client.get<Deployment & KubeObject>({ ...DEPLOYMENTS, name: 'web' })).status ?? {};
  await waitFor(async () => (await status()).availableReplicas === REPLICAS, { timeoutMs: 120_000, what: 'the first rollout' });

  await fixture.client.patch({ ...DEPLOYMENTS, name: 'web' }, 'strategic', { spec: { template: { spec: { containers: [{ name: 'app', image: 'busybox:2' }] } } } });
  // Until the controller observes the new template (generation 2), the status is the first rollout's, all updated.
  await waitFor(async () => {
    const s = await status();
    return s.observedGeneration === 2 && (s.updatedReplicas ?? 0) > 0;
  }, { timeoutMs: 60_000, what: 'the second rollout under way' });
  const [leader, standby] = leads(first) ? [first, second] : [second, first];
  t.true((await status()).updatedReplicas! < REPLICAS, 'the rollout is still under way when the leader dies');
  await leader.process.kill9();

  await waitForLog(standby, 'started leading', 60_000);
  await waitFor(async () => {
    const s = await status();
    return s.updatedReplicas === REPLICAS && s.replicas === REPLICAS && s.availableReplicas === REPLICAS;
  }, { timeoutMs: 120_000, what: 'the rollout finished by the standby' });

  t.true(pods.complete(), 'the pod watch saw every event (no 410)');
  const sets = await fixture.client.list<ReplicaSet & KubeObject>({ group: 'apps', version: 'v1', resource: 'replicasets', namespace: 'default' });
  t.is(sets.items.length, 2);
  for (const rs of sets.items) {
    const most = pods.most.get(rs.metadata!.uid!) ?? 0;
    t.true(most <= REPLICAS, `${rs.metadata?.name} had ${most} pods at once`);
  }
  t.true(pods.mostTotal() <= REPLICAS + MAX_SURGE, `${pods.mostTotal()} pods at once, more than replicas + maxSurge`);
});
