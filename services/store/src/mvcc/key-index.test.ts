import test from 'ava';
import { KeyIndex } from './key-index.js';
import { bytesToRev, rev, revToBytes } from './revision.js';

// A key put at 2 and 4, deleted at 6, put again at 8.
function history(): KeyIndex {
  const ki = new KeyIndex('k');
  ki.put(rev(2));
  ki.put(rev(4));
  ki.tombstone(rev(6));
  ki.put(rev(8));
  return ki;
}

test('get sees the revision live at each point, with its version and generation', (t) => {
  const ki = history();
  t.is(ki.get(1), undefined);
  t.like(ki.get(3), { modified: rev(2), created: rev(2), ver: 1 });
  t.like(ki.get(5), { modified: rev(4), ver: 2 });
  t.is(ki.get(6), undefined, 'deleted at its tombstone');
  t.is(ki.get(7), undefined);
  t.like(ki.get(9), { modified: rev(8), created: rev(8), ver: 1 });
});

test('compact keeps the latest revision at the compaction point and forgets what came before', (t) => {
  const ki = history();
  const removed: number[] = [];
  ki.compact(5, removed);
  t.deepEqual(removed, [rev(2)]);
  t.like(ki.get(5), { modified: rev(4), ver: 2 }, 'version still counts compacted changes');
  t.is(ki.get(7), undefined);
});

test('a tombstone at exactly the compaction revision is kept; one before it goes with its generation', (t) => {
  const atTomb = history();
  const removedAt: number[] = [];
  atTomb.compact(6, removedAt);
  t.deepEqual(removedAt, [rev(2), rev(4)], 'reads at 6 or later never need 4');
  t.deepEqual(atTomb.generations[0].revs, [rev(6)], 'the delete at 6 stays for watches from 6');

  const after = history();
  const removedAfter: number[] = [];
  after.compact(7, removedAfter);
  t.deepEqual(removedAfter, [rev(2), rev(4), rev(6)]);
  t.like(after.get(9), { modified: rev(8) });
});

test('a key deleted and compacted past its tombstone is empty', (t) => {
  const ki = new KeyIndex('gone');
  ki.put(rev(2));
  ki.tombstone(rev(3));
  ki.compact(4, []);
  t.true(ki.isEmpty);
});

test('previous finds the revision before another in the same generation only', (t) => {
  const ki = history();
  t.is(ki.previous(rev(4)), rev(2));
  t.is(ki.previous(rev(6)), rev(4));
  t.is(ki.previous(rev(8)), undefined, 'a new generation has no previous');
});

test('revisions order on disk as they do in memory', (t) => {
  const revs = [rev(1, 0), rev(1, 5), rev(2, 0), rev(300, 1), rev(2 ** 32 + 7, 3)];
  const bytes = revs.map(revToBytes);
  t.deepEqual([...bytes].sort(Buffer.compare).map(bytesToRev), revs);
  t.deepEqual(bytes.map(bytesToRev), revs);
});
