import { statSync } from 'node:fs';
import { open, type Database, type RootDatabase } from 'lmdb';
import { revToBytes, type Rev } from './revision.js';
import { removeSegment, Wal } from './wal.js';
import type { RawOp } from './wal-record.js';

/** One write of a commit batch. */
export type BackendOp =
  | { db: 'revs'; rev: Rev; value: Buffer }
  | { db: 'revs'; rev: Rev; value?: undefined }
  | { db: 'leases' | 'meta'; key: Buffer; value?: Buffer };

export interface BackendOptions {
  /** Address space reserved for the map; LMDB grows the file inside it as needed. */
  mapSize: number;
  /** Size of a log segment (tests make it small to see rotation). */
  walSegmentBytes?: number;
}

const TABLES = ['revs', 'leases', 'meta'] as const;
const TABLE_INDEX = { revs: 0, leases: 1, meta: 2 } as const;

/**
 * The durable part of the store. LMDB holds the state: `revs` maps a revision (12 bytes)
 * to its record (etcd's "key" bucket), `leases` a lease ID to its TTL, `meta` the
 * compaction point and the member identity. LMDB runs without fsync; a commit is
 * durable once its record is in the write-ahead log, as in etcd (WAL + bbolt). The log
 * is replayed into LMDB at start, and a segment is dropped once LMDB is synced past it.
 * A process crash loses nothing LMDB committed (the page cache has it); a machine crash
 * may, and the log puts it back.
 */
export class Backend {
  readonly path: string;
  private readonly env: RootDatabase;
  private readonly tables: Database<Buffer, Buffer>[];
  private wal!: Wal;

  private constructor(dataDir: string, options: BackendOptions) {
    this.path = `${dataDir}/store.mdb`;
    this.env = open({
      path: this.path,
      mapSize: options.mapSize,
      noSync: true,
      overlappingSync: false,
      compression: false,
      cache: false,
      maxDbs: 4,
    });
    const binary = { encoding: 'binary', keyEncoding: 'binary', cache: false } as const;
    this.tables = TABLES.map((name) => this.env.openDB<Buffer, Buffer>(name, binary));
  }

  /** Opens LMDB and the log in `dataDir`, replaying what the log holds that LMDB may not. */
  static async open(dataDir: string, options: BackendOptions): Promise<Backend> {
    const backend = new Backend(dataDir, options);
    const { wal, replayed } = await Wal.open(`${dataDir}/wal`, (ops) => backend.env.transactionSync(() => backend.apply(ops)), options.walSegmentBytes);
    backend.wal = wal;
    if (replayed.length > 0) {
      await backend.sync();
      replayed.forEach(removeSegment);
    }
    return backend;
  }

  /**
   * Writes one batch: into LMDB at once (a synchronous transaction without fsync costs a
   * fraction of an asynchronous one), and into the log; resolves once the log has it on
   * disk. Only then may anyone be told.
   */
  commit(ops: BackendOp[]): Promise<void> {
    const raw = ops.map(toRaw);
    this.env.transactionSync(() => this.apply(raw));
    const durable = this.wal.append(raw);
    const old = this.wal.rotateIfFull();
    // Everything in the old segment is in LMDB already; it may be reused once LMDB is synced.
    // If the sync fails the segment stays as it is, to be replayed at start: no loss.
    if (old) void this.sync().then(() => this.wal.recycle(old)).catch(() => undefined);
    return durable;
  }

  getRecord(r: Rev): Buffer | undefined {
    return this.tables[0]!.getBinaryFast(revToBytes(r));
  }

  /** Records with revisions in [from, to), in revision order. */
  records(from: Rev, to: Rev): Iterable<{ key: Buffer; value: Buffer }> {
    return this.tables[0]!.getRange({ start: revToBytes(from), end: revToBytes(to) }) as Iterable<{ key: Buffer; value: Buffer }>;
  }

  allRecords(): Iterable<{ key: Buffer; value: Buffer }> {
    return this.tables[0]!.getRange({}) as Iterable<{ key: Buffer; value: Buffer }>;
  }

  allLeases(): Iterable<{ key: Buffer; value: Buffer }> {
    return this.tables[1]!.getRange({}) as Iterable<{ key: Buffer; value: Buffer }>;
  }

  getMeta(key: Buffer): Buffer | undefined {
    return this.tables[2]!.getBinary(key);
  }

  /** Bytes the data file takes on disk (etcd's dbSize). */
  fileSize(): number {
    try {
      return statSync(this.path).size;
    } catch {
      return 0;
    }
  }

  /** Syncs LMDB so that the log is no longer needed, then closes both. */
  async close(): Promise<void> {
    await this.sync();
    this.wal.closeAndRemove();
    await this.env.close();
  }

  private apply(ops: RawOp[]): void {
    for (const op of ops) {
      const table = this.tables[op.table];
      if (!table) throw new Error(`log record names table ${op.table}, which does not exist`);
      if (op.value) table.putSync(op.key, op.value);
      else table.removeSync(op.key);
    }
  }

  private sync(): Promise<void> {
    // lmdb-js has env.sync (an async mdb_env_sync) but does not declare it.
    const env = this.env as unknown as { sync(callback: (error?: unknown) => void): void };
    return new Promise<void>((resolve, reject) => env.sync((error) => (error ? reject(error) : resolve())));
  }
}

function toRaw(op: BackendOp): RawOp {
  if (op.db === 'revs') return { table: TABLE_INDEX.revs, key: revToBytes(op.rev), value: op.value };
  return { table: TABLE_INDEX[op.db], key: op.key, value: op.value };
}
