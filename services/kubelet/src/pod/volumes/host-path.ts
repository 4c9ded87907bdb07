// hostPath volumes' type checks (hostpath plugin checkType): the path must be what the type says;
// the ...OrCreate types create it when missing.
import { chmod, mkdir, open, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';

export class HostPathTypeError extends Error {
  override name = 'HostPathTypeError';
}

async function statOrUndefined(path: string): Promise<Stats | undefined> {
  try {
    return await stat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

const CHECKS: Readonly<Record<string, { is: (s: Stats) => boolean; not: string }>> = {
  Directory: { is: (s) => s.isDirectory(), not: 'is not a directory' },
  File: { is: (s) => s.isFile(), not: 'is not a file' },
  Socket: { is: (s) => s.isSocket(), not: 'is not a socket file' },
  CharDevice: { is: (s) => s.isCharacterDevice(), not: 'is not a character device' },
  BlockDevice: { is: (s) => s.isBlockDevice(), not: 'is not a block device' },
};

async function create(path: string, type: 'DirectoryOrCreate' | 'FileOrCreate'): Promise<void> {
  if (type === 'DirectoryOrCreate') {
    await mkdir(path, { recursive: true, mode: 0o755 });
    await chmod(path, 0o755);
    return;
  }
  // As the kubelet, a file is created only in an existing directory.
  const file = await open(path, 'a', 0o644);
  await file.close();
}

/** Checks (and for the ...OrCreate types creates) `path` as `type` requires; '' checks nothing. */
export async function checkHostPathType(path: string, type: string | undefined): Promise<void> {
  if (!type) return;
  let kind = type;
  if (type === 'DirectoryOrCreate' || type === 'FileOrCreate') {
    if ((await statOrUndefined(path)) === undefined) return create(path, type);
    kind = type === 'DirectoryOrCreate' ? 'Directory' : 'File';
  }
  const check = CHECKS[kind];
  if (check === undefined) throw new HostPathTypeError(`${type} is an invalid volume type`);
  const stats = await statOrUndefined(path);
  if (stats === undefined || !check.is(stats)) throw new HostPathTypeError(`hostPath type check failed: ${path} ${check.not}`);
}
