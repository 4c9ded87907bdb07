import test from 'ava';
import { service } from '../../controller-utils/service-pods.fixtures.js';
import type { SliceObject } from './desired-endpoints.js';
import { EndpointSliceTracker } from './slice-tracker.js';

const svc = service('web');
const slice = (uid: string, generation: number): SliceObject => ({
  metadata: { name: `web-${uid}`, namespace: 'default', uid, generation, labels: { 'kubernetes.io/service-name': 'web' } },
  addressType: 'IPv4',
  endpoints: [],
});

test('the echo of our own write needs no sync; a newer generation or a slice we never wrote does', (t) => {
  const tracker = new EndpointSliceTracker();
  tracker.update(slice('a', 2));
  t.false(tracker.shouldSync(slice('a', 2)));
  t.true(tracker.shouldSync(slice('a', 3)));
  t.true(tracker.shouldSync(slice('b', 1)));
});

test('the cache is stale while it lacks a slice we made, holds an older generation, or still has one we deleted', (t) => {
  const tracker = new EndpointSliceTracker();
  t.false(tracker.staleSlices(svc, []));
  tracker.update(slice('a', 2));
  t.true(tracker.staleSlices(svc, []));
  t.true(tracker.staleSlices(svc, [slice('a', 1)]));
  t.false(tracker.staleSlices(svc, [slice('a', 2)]));
  tracker.expectDeletion(slice('a', 2));
  t.true(tracker.staleSlices(svc, [slice('a', 2)]));
  t.false(tracker.staleSlices(svc, []));
});

test('a deletion we expected is ours; one we did not is someone else\'s', (t) => {
  const tracker = new EndpointSliceTracker();
  tracker.expectDeletion(slice('a', 1));
  t.true(tracker.handleDeletion(slice('a', 1)));
  tracker.update(slice('b', 1));
  t.false(tracker.handleDeletion(slice('b', 1)));
  t.false(tracker.handleDeletion(slice('c', 1)));
});
