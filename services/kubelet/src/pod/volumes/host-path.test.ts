import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { checkHostPathType, HostPathTypeError } from './host-path.js';

test('hostPath types', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'kubeling-hostpath-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const file = join(dir, 'file');
  await writeFile(file, 'x');
  await mkdir(join(dir, 'sub'));

  await checkHostPathType(join(dir, 'nothing'), undefined);
  await checkHostPathType(join(dir, 'nothing'), '');
  await checkHostPathType(join(dir, 'sub'), 'Directory');
  await checkHostPathType(file, 'File');
  await checkHostPathType(file, 'FileOrCreate');

  await checkHostPathType(join(dir, 'made/deep'), 'DirectoryOrCreate');
  t.true((await stat(join(dir, 'made/deep'))).isDirectory());
  await checkHostPathType(join(dir, 'new-file'), 'FileOrCreate');
  t.true((await stat(join(dir, 'new-file'))).isFile());

  const fails = async (path: string, type: string, message: string) => {
    const error = await t.throwsAsync(checkHostPathType(path, type), { instanceOf: HostPathTypeError });
    t.is(error.message, message);
  };
  await fails(file, 'Directory', `hostPath type check failed: ${file} is not a directory`);
  await fails(file, 'DirectoryOrCreate', `hostPath type check failed: ${file} is not a directory`);
  await fails(join(dir, 'sub'), 'File', `hostPath type check failed: ${join(dir, 'sub')} is not a file`);
  await fails(join(dir, 'absent'), 'Directory', `hostPath type check failed: ${join(dir, 'absent')} is not a directory`);
  await fails(file, 'Socket', `hostPath type check failed: ${file} is not a socket file`);
  await fails(file, 'CharDevice', `hostPath type check failed: ${file} is not a character device`);
  await fails(file, 'BlockDevice', `hostPath type check failed: ${file} is not a block device`);
  await fails(file, 'Bogus', 'Bogus is an invalid volume type');
  await t.throwsAsync(checkHostPathType(join(dir, 'no-parent/file'), 'FileOrCreate'), { code: 'ENOENT' });
});
