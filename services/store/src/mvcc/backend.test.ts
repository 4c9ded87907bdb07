import test from 'ava';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Backend } from './backend.js';
import { rev as toRev } from './revision.js';

const MAP = 256 * 1024 * 1024;
const value = (i: number) => Buffer.alloc(1000, i % 251);

function tempDir(t: { teardown(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'kubeling-backend-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function commitMany(backend: Backend, from: number, to: number): Promise<void> {
  const durable: Promise<void>[] = [];
  for (let i = from; i < to; i++) {
    durable.push(backend.commit([{ db: 'revs', rev: toRev(i, 0), value: value(i) }, { db: 'meta', key: Buffer.from('last'), value: Buffer.from(String(i)) }]));
  }
  await Promise.all(durable);
}

function assertRecords(t: { deepEqual(a: unknown, b: unknown, m?: string): void; is(a: unknown, b: unknown, m?: string): void }, backend: Backend, to: number): void {
  const wrong: number[] = [];
  for (let i = 2; i < to; i++) {
    // getRecord hands out lmdb's shared read buffer: a view of `length` bytes with a larger byteLength.
    const got = backend.getRecord(toRev(i, 0));
    if (!got || !got.subarray(0, got.length).equals(value(i))) wrong.push(i);
  }
  t.deepEqual(wrong, [], 'revisions missing or wrong');
  t.is(backend.getMeta(Buffer.from('last'))?.toString(), String(to - 1));
}

test('a machine crash that loses what LMDB had not synced: the log puts back every durable commit', async (t) => {
  const dir = tempDir(t);
  const live = join(dir, 'live');
  const backend = await Backend.open(live, { mapSize: MAP });
  await commitMany(backend, 2, 300);
  // The crash: only what was synced survives. LMDB synced nothing yet; the log everything.
  const after = join(dir, 'after-crash');
  cpSync(join(live, 'wal'), join(after, 'wal'), { recursive: true });
  const recovered = await Backend.open(after, { mapSize: MAP });
  t.teardown(() => recovered.close());
  assertRecords(t, recovered, 300);
  await commitMany(recovered, 300, 320);
  assertRecords(t, recovered, 320);
  await backend.close();
});

test('with small segments the log rotates, drops what LMDB has synced, and a restart keeps everything', async (t) => {
  const dir = join(tempDir(t), 'data');
  const segmentBytes = 64 * 1024;
  // 1000 commits of ~1 KiB fill some 16 segments of 64 KiB; recycling keeps only a few on disk.
  const backend = await Backend.open(dir, { mapSize: MAP, walSegmentBytes: segmentBytes });
  for (let round = 0; round < 20; round++) {
    await commitMany(backend, 2 + round * 50, 2 + (round + 1) * 50);
    // Let the spare segment be prepared, as it would be between bursts.
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await new Promise((resolve) => setTimeout(resolve, 200));
  const segments = readdirSync(join(dir, 'wal'));
  t.true(segments.length <= 3, `segments left: ${segments.join(', ')}`);
  await backend.close();
  t.deepEqual(readdirSync(join(dir, 'wal')), [], 'a clean close leaves no log to replay');
  const reopened = await Backend.open(dir, { mapSize: MAP, walSegmentBytes: segmentBytes });
  t.teardown(() => reopened.close());
  assertRecords(t, reopened, 1002);
});
