import test from 'ava';
import { COMBINED_PREFIX, EventAggregator, SpamFilter } from './event-correlation.js';

test('ten distinct messages go as they are; later ones are combined; a known message stays itself; the interval forgets', (t) => {
  const aggregator = new EventAggregator();
  for (let i = 0; i < 10; i++) t.deepEqual(aggregator.aggregate('rs/web', `Created pod: web-${i}`, 0), { message: `Created pod: web-${i}`, combined: false });
  t.deepEqual(aggregator.aggregate('rs/web', 'Created pod: web-10', 1), { message: `${COMBINED_PREFIX}Created pod: web-10`, combined: true });
  t.deepEqual(aggregator.aggregate('rs/web', 'Created pod: web-3', 2), { message: 'Created pod: web-3', combined: false });
  t.false(aggregator.aggregate('rs/other', 'Created pod: other-0', 2).combined, 'another object counts apart');
  t.false(aggregator.aggregate('rs/web', 'Created pod: web-11', 2 + 600_001).combined, 'ten minutes later it starts over');
});

test('a source may write 25 events about one object at once, then one per five minutes', (t) => {
  const filter = new SpamFilter();
  for (let i = 0; i < 25; i++) t.true(filter.allow('rs/web', 0));
  t.false(filter.allow('rs/web', 1_000));
  t.true(filter.allow('rs/other', 1_000), 'each object has its own bucket');
  t.false(filter.allow('rs/web', 299_000));
  t.true(filter.allow('rs/web', 301_000));
  t.false(filter.allow('rs/web', 302_000));
});
