import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { EtcdServer } from '@kubeling/testing';

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

/**
 * The server's key-value data file: etcd's bbolt file member/snap/db; for the store, its LMDB
 * file (store.mdb today: any *.mdb that is not a lock file, data.mdb included).
 */
export function dataFileOf(server: EtcdServer): string {
  const dir = join(server.dataDir, server.kind);
  if (server.kind === 'etcd') return join(dir, 'member', 'snap', 'db');
  const found = filesUnder(dir).filter((f) => f.endsWith('.mdb') && !f.endsWith('lock.mdb'));
  if (found.length !== 1) throw new Error(`expected one LMDB data file under ${dir}, found ${found.length}: ${found.join(', ')}`);
  return found[0];
}

/** Size of the data file: its length, and the bytes it really occupies on disk (LMDB may leave holes). */
export function dataFileSize(file: string): { length: number; allocated: number } {
  const stat = statSync(file);
  return { length: stat.size, allocated: stat.blocks * 512 };
}
