import { lstat, mkdtemp, readdir, readFile, readlink, realpath, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { type Payload, PayloadPathError, writeAtomically } from './atomic-writer.js';

const payload = (files: Record<string, string>, mode = 0o644): Payload => new Map(Object.entries(files).map(([path, text]) => [path, { data: Buffer.from(text), mode }]));

async function tempDir(t: { teardown(fn: () => Promise<void>): void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'kubeling-atomic-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return join(dir, 'volume');
}

test('files are reached through ..data symlinks into a hidden timestamped directory', async (t) => {
  const dir = await tempDir(t);
  t.true(await writeAtomically(dir, payload({ 'a.txt': 'A', 'nested/b.txt': 'B' })));
  const dataTarget = await readlink(join(dir, '..data'));
  t.regex(dataTarget, /^\.\.\d{4}_\d\d_\d\d_\d\d_\d\d_\d\d\..+$/);
  t.is(await readlink(join(dir, 'a.txt')), '..data/a.txt');
  t.is(await readlink(join(dir, 'nested')), '..data/nested');
  t.is(await readFile(join(dir, 'a.txt'), 'utf8'), 'A');
  t.is(await readFile(join(dir, 'nested/b.txt'), 'utf8'), 'B');
  t.is((await stat(join(dir, 'a.txt'))).mode & 0o777, 0o644);
  t.deepEqual((await readdir(dir)).sort(), ['..data', dataTarget, 'a.txt', 'nested'].sort());
});

test('an unchanged payload is not rewritten; a change swaps the whole set and removes stale names', async (t) => {
  const dir = await tempDir(t);
  await writeAtomically(dir, payload({ keep: '1', old: 'x' }));
  const first = await readlink(join(dir, '..data'));
  t.false(await writeAtomically(dir, payload({ keep: '1', old: 'x' })));
  t.is(await readlink(join(dir, '..data')), first);

  t.true(await writeAtomically(dir, payload({ keep: '2', added: 'y' })));
  const second = await readlink(join(dir, '..data'));
  t.not(second, first);
  t.is(await readFile(join(dir, 'keep'), 'utf8'), '2');
  t.is(await readFile(join(dir, 'added'), 'utf8'), 'y');
  await t.throwsAsync(lstat(join(dir, 'old')), { code: 'ENOENT' });
  t.deepEqual((await readdir(dir)).sort(), ['..data', second, 'added', 'keep'].sort());
});

test('a mode change alone rewrites', async (t) => {
  const dir = await tempDir(t);
  await writeAtomically(dir, payload({ f: 'x' }));
  t.true(await writeAtomically(dir, payload({ f: 'x' }, 0o400)));
  t.is((await stat(join(dir, 'f'))).mode & 0o777, 0o400);
});

test('an empty payload gives an empty volume', async (t) => {
  const dir = await tempDir(t);
  await writeAtomically(dir, payload({ f: 'x' }));
  t.true(await writeAtomically(dir, new Map()));
  t.deepEqual((await readdir(dir)).filter((name) => !name.startsWith('..')), []);
});

test('paths that could escape are refused', async (t) => {
  const dir = await tempDir(t);
  for (const [path, message] of [
    ['/abs', 'invalid path: must be relative path: /abs'],
    ['a/../../b', "invalid path: must not contain '..': a/../../b"],
    ['..hidden', "invalid path: must not start with '..': ..hidden"],
    ['', 'invalid path: must not be empty: ""'],
  ]) {
    const error = await t.throwsAsync(writeAtomically(dir, payload({ [path]: 'x' })), { instanceOf: PayloadPathError });
    t.is(error.message, message);
  }
});

test('a reader going through ..data never sees files of two generations', async (t) => {
  const dir = await tempDir(t);
  await writeAtomically(dir, payload({ a: '0', b: '0' }));
  let writing = true;
  const writer = (async () => {
    for (let generation = 1; generation <= 40; generation++) await writeAtomically(dir, payload({ a: `${generation}`, b: `${generation}` }));
    writing = false;
  })();
  let consistentReads = 0;
  while (writing) {
    try {
      const data = await realpath(join(dir, '..data'));
      const [a, b] = await Promise.all([readFile(join(data, 'a'), 'utf8'), readFile(join(data, 'b'), 'utf8')]);
      t.is(a, b);
      consistentReads++;
    } catch (error) {
      // The generation was replaced and removed under the reader: it reads again.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  await writer;
  t.true(consistentReads > 0);
  t.is(await readFile(join(dir, 'a'), 'utf8'), '40');
});
