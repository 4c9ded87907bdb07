import test from 'ava';
import { decodeRecords, encodeRecord, type RawOp } from './wal-record.js';

const ops = (n: number): RawOp[] => [
  { table: 0, key: Buffer.from(`rev-${n}`), value: Buffer.alloc(n, n) },
  { table: 2, key: Buffer.from('meta') },
  { table: 1, key: Buffer.alloc(300, 1), value: Buffer.alloc(0) },
];

test('records decode to the ops they were made of, in order', (t) => {
  const log = Buffer.concat([encodeRecord(ops(1), 9), encodeRecord(ops(70_000), 9), encodeRecord([], 9)]);
  const decoded = [...decodeRecords(log, 9)];
  t.is(decoded.length, 3);
  t.deepEqual(decoded[0], ops(1));
  t.deepEqual(decoded[1], ops(70_000));
  t.deepEqual(decoded[2], []);
});

test('reading stops at zeros (a preallocated tail), a torn record, or a flipped byte', (t) => {
  const whole = [encodeRecord(ops(3), 9), encodeRecord(ops(4), 9)];
  const zeros = Buffer.concat([...whole, Buffer.alloc(64)]);
  t.is([...decodeRecords(zeros, 9)].length, 2);
  const torn = Buffer.concat([...whole, encodeRecord(ops(5), 9).subarray(0, 20)]);
  t.is([...decodeRecords(torn, 9)].length, 2);
  const flipped = Buffer.concat([...whole, encodeRecord(ops(6), 9), encodeRecord(ops(7), 9)]);
  const at = whole[0]!.length + whole[1]!.length + 12;
  flipped[at] = flipped[at]! ^ 0xff;
  t.is([...decodeRecords(flipped, 9)].length, 2, 'nothing after a corrupt record is trusted');
});

test("records of a segment's previous use (another sequence number) do not check out", (t) => {
  const stale = Buffer.concat([encodeRecord(ops(8), 3), encodeRecord(ops(9), 3)]);
  t.is([...decodeRecords(stale, 3)].length, 2);
  t.is([...decodeRecords(stale, 5)].length, 0);
  const reused = Buffer.concat([encodeRecord(ops(1), 5), stale.subarray(encodeRecord(ops(1), 5).length)]);
  t.is([...decodeRecords(reused, 5)].length, 1, 'a new record followed by leftovers of the old use');
});
