import { closeSync, constants, mkdirSync, openSync, readdirSync, readFileSync, renameSync, unlinkSync, write, writev } from 'node:fs';
import { open as openAsync } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeRecords, encodeRecord, type RawOp } from './wal-record.js';

/**
 * Segments are written full of zeros once (as etcd preallocates), so that a synced write
 * into one changes no file size and costs one device flush, no journal commit; after
 * that they are recycled rather than rewritten, so no burst of zeros competes with the
 * log's own writes.
 */
export const DEFAULT_SEGMENT_BYTES = 8 * 1024 * 1024;
const ZEROS = 1024 * 1024;

interface Segment {
  seq: number;
  path: string;
  fd: number;
  /** Bytes of records written; the next record goes here. */
  size: number;
}

interface Pending {
  ops: RawOp[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * The write-ahead log that makes a commit durable with one synced write (etcd's WAL in
 * front of bbolt). Records go into the current segment with O_DSYNC, one write in
 * flight at a time so the file holds them in commit order; what queues up meanwhile
 * goes out together in the next write.
 */
export class Wal {
  private current: Segment;
  private spare: Segment | undefined;
  private queue: Pending[] = [];
  /** The segment a write is in flight to, if any. */
  private writingTo: Segment | undefined;

  private constructor(
    private readonly dir: string,
    private readonly segmentBytes: number,
    current: Segment,
    spare: Segment,
  ) {
    this.current = current;
    this.spare = spare;
  }

  /**
   * Opens the log in `dir`, handing every whole record left there (oldest first) to
   * `replay`. The caller makes the replayed state durable, then calls dropReplayed().
   */
  static async open(dir: string, replay: (ops: RawOp[]) => void, segmentBytes = DEFAULT_SEGMENT_BYTES): Promise<{ wal: Wal; replayed: string[] }> {
    mkdirSync(dir, { recursive: true });
    const segments = listSegments(dir);
    for (const s of segments) for (const ops of decodeRecords(readFileSync(s.path), s.seq)) replay(ops);
    const last = segments[segments.length - 1]?.seq ?? 0;
    const current = await createSegment(dir, last + 1, segmentBytes);
    const spare = await createSegment(dir, last + 2, segmentBytes);
    return { wal: new Wal(dir, segmentBytes, current, spare), replayed: segments.map((s) => s.path) };
  }

  /** Appends a record of `ops`; resolves once it is on disk. */
  append(ops: RawOp[]): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ ops, resolve, reject });
      this.flush();
    });
  }

  /**
   * Moves on to the spare segment once the current one is past its size; returns the
   * old segment, to hand to recycle() once everything in it is synced into LMDB. With
   * no spare ready the current segment just grows.
   */
  rotateIfFull(): Segment | undefined {
    if (this.current.size < this.segmentBytes || !this.spare) return undefined;
    const old = this.current;
    this.current = this.spare;
    this.spare = undefined;
    return old;
  }

  /** Makes a segment whose records are all in synced LMDB the next spare (or removes it). */
  recycle(old: Segment): void {
    if (this.writingTo === old) {
      setImmediate(() => this.recycle(old));
      return;
    }
    if (this.spare) {
      closeSync(old.fd);
      unlinkSync(old.path);
      return;
    }
    const seq = this.current.seq + 1;
    const path = segmentPath(this.dir, seq);
    renameSync(old.path, path);
    this.spare = { seq, path, fd: old.fd, size: 0 };
  }

  /** The segment being written. */
  get path(): string {
    return this.current.path;
  }

  /** Closes the log and removes its files: the caller has synced LMDB past all of it. */
  closeAndRemove(): void {
    for (const segment of [this.current, this.spare]) {
      if (!segment) continue;
      closeSync(segment.fd);
      unlinkSync(segment.path);
    }
  }

  private flush(): void {
    if (this.writingTo || this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    const segment = this.current;
    this.writingTo = segment;
    const bufs = batch.map((p) => encodeRecord(p.ops, segment.seq));
    const bytes = bufs.reduce((n, b) => n + b.length, 0);
    const done = (error: NodeJS.ErrnoException | null, written: number) => {
      this.writingTo = undefined;
      if (!error && written !== bytes) error = new Error(`short write to ${segment.path}: ${written} of ${bytes} bytes`);
      if (error) batch.forEach((p) => p.reject(error));
      else {
        segment.size += written;
        batch.forEach((p) => p.resolve());
      }
      this.flush();
    };
    if (bufs.length === 1) write(segment.fd, bufs[0]!, 0, bytes, segment.size, done);
    else writev(segment.fd, bufs, segment.size, done);
  }
}

export type { Segment as WalSegment };

function segmentPath(dir: string, seq: number): string {
  return join(dir, `${seq.toString().padStart(16, '0')}.wal`);
}

/** A new segment file of `bytes` zeros, synced, opened for O_DSYNC writes. */
async function createSegment(dir: string, seq: number, bytes: number): Promise<Segment> {
  const path = segmentPath(dir, seq);
  const file = await openAsync(path, 'w', 0o600);
  try {
    const zeros = Buffer.alloc(Math.min(ZEROS, bytes));
    for (let at = 0; at < bytes; at += zeros.length) await file.write(zeros, 0, zeros.length, at);
    await file.sync();
  } finally {
    await file.close();
  }
  return { seq, path, fd: openSync(path, constants.O_WRONLY | constants.O_DSYNC), size: 0 };
}

function listSegments(dir: string): Array<{ seq: number; path: string }> {
  return readdirSync(dir)
    .filter((f) => /^\d{16}\.wal$/.test(f))
    .map((f) => ({ seq: Number(f.slice(0, 16)), path: join(dir, f) }))
    .sort((a, b) => a.seq - b.seq);
}

export function removeSegment(path: string): void {
  unlinkSync(path);
}
