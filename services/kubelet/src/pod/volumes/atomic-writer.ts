// Writes a volume's files so a container sees either the old set or the new one, never a mix
// (pkg/volume/util/atomic_writer.go): the files go into a fresh hidden timestamped directory,
// the `..data` symlink is swapped to it with one rename, and each top-level name is a symlink
// through `..data`.
import { lstat, mkdir, mkdtemp, readFile, readdir, readlink, rename, rm, stat, symlink, writeFile, chmod } from 'node:fs/promises';
import { basename, dirname, join, posix } from 'node:path';

/** One file of a volume (volumeutil.FileProjection). */
export interface FileProjection {
  data: Buffer;
  /** Permission bits, e.g. 0o644. */
  mode: number;
}

/** Relative path -> file. */
export type Payload = Map<string, FileProjection>;

const DATA_DIR = '..data';
const DATA_DIR_TMP = '..data_tmp';
const MAX_PATH_LENGTH = 4096;
const MAX_FILE_NAME_LENGTH = 255;
const DIR_MODE = 0o755;

export class PayloadPathError extends Error {
  override name = 'PayloadPathError';
}

/** validatePath: relative, no `..` element, no hidden `..x` top-level name. */
function validatePath(path: string): void {
  if (path === '') throw new PayloadPathError(`invalid path: must not be empty: "${path}"`);
  if (posix.isAbsolute(path)) throw new PayloadPathError(`invalid path: must be relative path: ${path}`);
  if (path.length > MAX_PATH_LENGTH) throw new PayloadPathError(`invalid path: must be less than or equal to ${MAX_PATH_LENGTH} characters`);
  const items = path.split('/');
  for (const item of items) {
    if (item === '..') throw new PayloadPathError(`invalid path: must not contain '..': ${path}`);
    if (item.length > MAX_FILE_NAME_LENGTH) throw new PayloadPathError(`invalid path: filenames must be less than or equal to ${MAX_FILE_NAME_LENGTH} characters`);
  }
  if (items[0].startsWith('..') && items[0].length > 2) throw new PayloadPathError(`invalid path: must not start with '..': ${path}`);
}

/** validatePayload: the payload with cleaned paths. */
function cleanPayload(payload: Payload): Payload {
  const cleaned: Payload = new Map();
  for (const [path, file] of payload) {
    validatePath(path);
    cleaned.set(posix.normalize(path), file);
  }
  return cleaned;
}

const topLevelName = (path: string) => path.split('/')[0];

/** The files under `dir`, by path relative to it. */
async function readTree(dir: string, prefix = ''): Promise<Payload> {
  const files: Payload = new Map();
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const relative = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      for (const [nested, file] of await readTree(path, relative)) files.set(nested, file);
    } else {
      files.set(relative, { data: await readFile(path), mode: (await stat(path)).mode & 0o7777 });
    }
  }
  return files;
}

function samePayload(a: Payload, b: Payload): boolean {
  if (a.size !== b.size) return false;
  for (const [path, file] of a) {
    const other = b.get(path);
    if (other === undefined || other.mode !== file.mode || !other.data.equals(file.data)) return false;
  }
  return true;
}

async function readDataDirLink(targetDir: string): Promise<string | undefined> {
  try {
    return await readlink(join(targetDir, DATA_DIR));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

/** The name of a new data directory: `..2006_01_02_15_04_05.` and a random suffix. */
async function newTimestampDir(targetDir: string): Promise<string> {
  const stamp = new Date().toISOString().replace(/\.\d+Z$/, '').replace(/[-T:]/g, '_');
  const dir = await mkdtemp(join(targetDir, `..${stamp}.`));
  await chmod(dir, DIR_MODE);
  return dir;
}

async function writePayloadTo(dir: string, payload: Payload): Promise<void> {
  for (const [path, file] of payload) {
    const full = join(dir, path);
    await mkdir(dirname(full), { recursive: true, mode: DIR_MODE });
    await writeFile(full, file.data, { mode: file.mode });
    // The mode given to writeFile is masked by the umask.
    await chmod(full, file.mode);
  }
}

/**
 * Makes `targetDir` hold exactly `payload`. Returns whether anything changed; an unchanged
 * payload leaves the directory untouched.
 */
export async function writeAtomically(targetDir: string, payload: Payload): Promise<boolean> {
  const files = cleanPayload(payload);
  await mkdir(targetDir, { recursive: true, mode: DIR_MODE });
  const oldTsName = await readDataDirLink(targetDir);
  const oldFiles = oldTsName === undefined ? undefined : await readTree(join(targetDir, oldTsName));
  if (oldFiles !== undefined && samePayload(oldFiles, files)) return false;

  const tsDir = await newTimestampDir(targetDir);
  await writePayloadTo(tsDir, files);
  const tmpLink = join(targetDir, DATA_DIR_TMP);
  await rm(tmpLink, { force: true });
  await symlink(basename(tsDir), tmpLink);
  await rename(tmpLink, join(targetDir, DATA_DIR));

  const newTop = new Set([...files.keys()].map(topLevelName));
  for (const name of newTop) {
    const link = join(targetDir, name);
    if (!(await exists(link))) await symlink(posix.join(DATA_DIR, name), link);
  }
  for (const name of new Set([...(oldFiles?.keys() ?? [])].map(topLevelName))) {
    if (!newTop.has(name)) await rm(join(targetDir, name), { force: true });
  }
  if (oldTsName !== undefined) await rm(join(targetDir, oldTsName), { recursive: true, force: true });
  return true;
}
