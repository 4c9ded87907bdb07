import { statSync } from 'node:fs';
import { open, type Database, type RootDatabase } from 'lmdb';
import { revToBytes, type Rev } from './revision.js';

/** One write of a commit batch. */
export type BackendOp =
  | { db: 'revs'; rev: Rev; value: Buffer }
  | { db: 'revs'; rev: Rev; value?: undefined }
  | { db: 'leases' | 'meta'; key: Buffer; value?: Buffer };

export interface BackendOptions {
  /** Address space reserved for the map; LMDB grows the file inside it as needed. */
  mapSize: number;
}

/**
 * The durable part of the store, on LMDB: `revs` maps a revision (12 bytes) to its
 * record (etcd's "key" bucket), `leases` maps a lease ID to its TTL, `meta` holds the
 * compaction point and the member identity. A commit is one LMDB transaction; with
 * overlapping sync the disk flush of one runs while the next is written.
 */
export class Backend {
  readonly path: string;
  private readonly env: RootDatabase;
  private readonly revs: Database<Buffer, Buffer>;
  private readonly leases: Database<Buffer, Buffer>;
  private readonly meta: Database<Buffer, Buffer>;

  constructor(dataDir: string, options: BackendOptions) {
    this.path = `${dataDir}/store.mdb`;
    this.env = open({
      path: this.path,
      mapSize: options.mapSize,
      overlappingSync: true,
      noSync: false,
      compression: false,
      cache: false,
      maxDbs: 4,
    });
    const binary = { encoding: 'binary', keyEncoding: 'binary', cache: false } as const;
    this.revs = this.env.openDB<Buffer, Buffer>('revs', binary);
    this.leases = this.env.openDB<Buffer, Buffer>('leases', binary);
    this.meta = this.env.openDB<Buffer, Buffer>('meta', binary);
  }

  /**
   * Writes one transaction. `written` resolves once it is committed (the next one may
   * start); `durable` once it is synced to disk (only then may anyone be told).
   */
  commit(ops: BackendOp[]): { written: Promise<unknown>; durable: Promise<unknown> } {
    const written = this.write(ops);
    return { written, durable: written.then(() => this.env.flushed) };
  }

  private write(ops: BackendOp[]): Promise<unknown> {
    return this.env.transaction(() => {
      for (const op of ops) {
        if (op.db === 'revs') {
          if (op.value) this.revs.putSync(revToBytes(op.rev), op.value);
          else this.revs.removeSync(revToBytes(op.rev));
        } else {
          const db = op.db === 'leases' ? this.leases : this.meta;
          if (op.value) db.putSync(op.key, op.value);
          else db.removeSync(op.key);
        }
      }
    });
  }

  getRecord(r: Rev): Buffer | undefined {
    return this.revs.getBinaryFast(revToBytes(r));
  }

  /** Records with revisions in [from, to), in revision order. */
  records(from: Rev, to: Rev): Iterable<{ key: Buffer; value: Buffer }> {
    return this.revs.getRange({ start: revToBytes(from), end: revToBytes(to) }) as Iterable<{ key: Buffer; value: Buffer }>;
  }

  allRecords(): Iterable<{ key: Buffer; value: Buffer }> {
    return this.revs.getRange({}) as Iterable<{ key: Buffer; value: Buffer }>;
  }

  allLeases(): Iterable<{ key: Buffer; value: Buffer }> {
    return this.leases.getRange({}) as Iterable<{ key: Buffer; value: Buffer }>;
  }

  getMeta(key: Buffer): Buffer | undefined {
    return this.meta.getBinary(key);
  }

  /** Bytes the data file takes on disk (etcd's dbSize). */
  fileSize(): number {
    try {
      return statSync(this.path).size;
    } catch {
      return 0;
    }
  }

  async close(): Promise<void> {
    await this.env.close();
  }
}
