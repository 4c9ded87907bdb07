import test from 'ava';
import { ControllerExpectations, EXPECTATIONS_TIMEOUT_MS, UIDTrackingControllerExpectations } from './expectations.js';

const clock = () => {
  let now = 1_000;
  return { now: () => now, advance: (ms: number) => (now += ms) };
};

test('a controller with no expectations, or all observed, is satisfied', (t) => {
  const e = new ControllerExpectations();
  t.true(e.satisfiedExpectations('ns/rs'));
  e.expectCreations('ns/rs', 2);
  t.false(e.satisfiedExpectations('ns/rs'));
  e.creationObserved('ns/rs');
  t.false(e.satisfiedExpectations('ns/rs'));
  e.creationObserved('ns/rs');
  t.true(e.satisfiedExpectations('ns/rs'));
  t.deepEqual(e.getExpectations('ns/rs'), { add: 0, del: 0 });
});

test('deletions, raising and lowering; observing without expectations sets none', (t) => {
  const e = new ControllerExpectations();
  e.creationObserved('ns/rs');
  t.is(e.getExpectations('ns/rs'), undefined);
  e.expectDeletions('ns/rs', 1);
  e.raiseExpectations('ns/rs', 1, 1);
  t.deepEqual(e.getExpectations('ns/rs'), { add: 1, del: 2 });
  e.lowerExpectations('ns/rs', 1, 1);
  e.deletionObserved('ns/rs');
  t.true(e.satisfiedExpectations('ns/rs'));
  e.expectCreations('ns/rs', 1);
  e.deleteExpectations('ns/rs');
  t.true(e.satisfiedExpectations('ns/rs'));
  t.is(e.getExpectations('ns/rs'), undefined);
});

test('unobserved expectations expire after 5 minutes', (t) => {
  const c = clock();
  const e = new ControllerExpectations(c.now);
  e.expectCreations('ns/rs', 3);
  c.advance(EXPECTATIONS_TIMEOUT_MS);
  t.false(e.satisfiedExpectations('ns/rs'));
  c.advance(1);
  t.true(e.satisfiedExpectations('ns/rs'));
  // New expectations start a new timeout.
  e.expectCreations('ns/rs', 1);
  t.false(e.satisfiedExpectations('ns/rs'));
});

test('UID tracking counts each expected pod once, by key, and ignores others', (t) => {
  const e = new UIDTrackingControllerExpectations();
  e.expectDeletions('ns/rs', ['ns/a', 'ns/b']);
  t.deepEqual([...e.getUIDs('ns/rs')!], ['ns/a', 'ns/b']);
  e.deletionObserved('ns/rs', 'ns/a');
  // A deletionTimestamp, then the delete itself: still one.
  e.deletionObserved('ns/rs', 'ns/a');
  e.deletionObserved('ns/rs', 'ns/other');
  t.false(e.satisfiedExpectations('ns/rs'));
  t.deepEqual(e.getExpectations('ns/rs'), { add: 0, del: 1 });
  e.deletionObserved('ns/rs', 'ns/b');
  t.true(e.satisfiedExpectations('ns/rs'));
});

test('UID tracking: creations pass through; deleting the expectations forgets the keys', (t) => {
  const e = new UIDTrackingControllerExpectations();
  e.expectCreations('ns/rs', 1);
  t.false(e.satisfiedExpectations('ns/rs'));
  e.creationObserved('ns/rs');
  t.true(e.satisfiedExpectations('ns/rs'));
  e.expectDeletions('ns/rs', ['ns/a']);
  e.deleteExpectations('ns/rs');
  t.is(e.getUIDs('ns/rs'), undefined);
  t.true(e.satisfiedExpectations('ns/rs'));
});
