import test from 'ava';
import type { Pod, WeightedPodAffinityTerm } from 'kubernetes-types/core/v1.js';
import { Snapshot } from '../../framework/snapshot.js';
import { Status } from '../../framework/status.js';
import { fakeHandle } from '../../framework/testing/fake-handle.js';
import { runScore } from '../../framework/testing/run-plugin.js';
import { interPodAffinityArgs, type InterPodAffinityArgs } from './args.js';
import { InterPodAffinityPlugin } from './plugin.js';
import { HOSTNAME, pod, term, ZONE, zonedNode } from './test-pods.js';

const NODES = [zonedNode('a1', 'a'), zonedNode('a2', 'a'), zonedNode('b1', 'b')];

function scores(incoming: Pod, existing: Pod[], args: Partial<InterPodAffinityArgs> = {}): Record<string, number> | Status {
  const snapshot = Snapshot.fromNodesAndPods(NODES, existing);
  const outcome = runScore(new InterPodAffinityPlugin({ ...interPodAffinityArgs.defaults(), ...args }, fakeHandle(snapshot)), incoming, snapshot);
  return outcome instanceof Status ? outcome : Object.fromEntries(outcome);
}

const weighted = (weight: number, labels: Record<string, string>, topologyKey: string): WeightedPodAffinityTerm[] => [{ weight, podAffinityTerm: term(labels, topologyKey) }];
const db = pod('db', { labels: { app: 'db' }, nodeName: 'a1' });

test('preferred affinity favours the domains of matching pods; preferred anti-affinity shuns them', (t) => {
  t.deepEqual(scores(pod('web', { affinity: { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: weighted(10, { app: 'db' }, ZONE) } } }), [db]), { a1: 100, a2: 100, b1: 0 });
  t.deepEqual(scores(pod('web', { affinity: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: weighted(10, { app: 'db' }, ZONE) } } }), [db]), { a1: 0, a2: 0, b1: 100 });
});

test('weights add up across terms before min-max normalization', (t) => {
  const affinity = {
    podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [...weighted(4, { app: 'db' }, ZONE), ...weighted(2, { app: 'db' }, HOSTNAME)] },
    podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: weighted(1, { app: 'cache' }, HOSTNAME) },
  };
  // a1: 4 (zone) + 2 (host) = 6, a2: 4, b1: −1 (the cache pod) → 100 × (score + 1) / 7.
  t.deepEqual(scores(pod('web', { affinity }), [db, pod('cache', { labels: { app: 'cache' }, nodeName: 'b1' })]), { a1: 100, a2: 71, b1: 0 });
});

test("existing pods' preferences and required affinity count for the incoming pod too", (t) => {
  const requiring = pod('sidecar-host', { nodeName: 'b1', affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'web' }, HOSTNAME)] } } });
  t.deepEqual(scores(pod('web', { labels: { app: 'web' } }), [requiring]), { a1: 0, a2: 0, b1: 100 }, 'hardPodAffinityWeight 1');
  t.true(scores(pod('web', { labels: { app: 'web' } }), [requiring], { hardPodAffinityWeight: 0 }) instanceof Status, 'weight 0 leaves nothing to score');
  const avoiding = pod('noisy', { nodeName: 'a2', affinity: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: weighted(5, { app: 'web' }, ZONE) } } });
  t.deepEqual(scores(pod('web', { labels: { app: 'web' } }), [avoiding]), { a1: 0, a2: 0, b1: 100 });
});

test('nothing to score is a Skip, and ignorePreferredTermsOfExistingPods skips pods without preferences', (t) => {
  const plain = scores(pod('web'), [db]);
  t.true(plain instanceof Status && plain.isSkip());
  const preferring = pod('p', { nodeName: 'a1', affinity: { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: weighted(5, { app: 'web' }, ZONE) } } });
  t.false(scores(pod('web', { labels: { app: 'web' } }), [preferring]) instanceof Status);
  const ignored = scores(pod('web', { labels: { app: 'web' } }), [preferring], { ignorePreferredTermsOfExistingPods: true });
  t.true(ignored instanceof Status && ignored.isSkip());
});
