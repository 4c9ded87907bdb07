// Container logs at the CRI log_path. Docker keeps each container's output in its own
// json-file log; the dockershim follows `docker logs --follow --timestamps` of every started
// container and appends each entry to log_path in CRI format (log-format.ts). After a
// dockershim restart, copying resumes after the last time already in the file, so no entry
// is lost or written twice. Limitation: Docker splits lines over 16 KiB into several
// entries; those reach the file as separate full lines.
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import type Docker from 'dockerode';
import type { Logger } from 'pino';
import { formatCriLine, parseCriLine, splitDockerTimestamp, type LogStream } from './log-format.js';
import { rfc3339ToNanos } from './timestamps.js';

/** How long removing a container waits for its log copy to drain. */
const DRAIN_MS = 2_000;
/** Bytes read from a log file's end to find its last line. */
const TAIL_BYTES = 64 * 1024;

interface Copy {
  setup: Promise<{ from: Readable }>;
  done: Promise<void>;
}

const destroySource = async (copy: Copy) => (await copy.setup.catch(() => undefined))?.from.destroy();

/** The time of the last entry in a CRI log file: 0n when there is none. */
export async function lastLogTime(path: string): Promise<bigint> {
  const file = await open(path, 'r').catch(() => undefined);
  if (!file) return 0n;
  try {
    const { size } = await file.stat();
    const length = Math.min(size, TAIL_BYTES);
    const buf = Buffer.alloc(length);
    await file.read(buf, 0, length, size - length);
    const lines = buf.toString('utf8').split('\n').filter(Boolean);
    for (let i = lines.length - 1; i >= 0; i--) {
      const parsed = parseCriLine(lines[i]!);
      if (parsed) return parsed.timestamp;
    }
    return 0n;
  } finally {
    await file.close();
  }
}

/** Docker's `since`: Unix seconds with a nanosecond fraction. */
const sinceParam = (nanos: bigint) => `${nanos / 1_000_000_000n}.${String(nanos % 1_000_000_000n).padStart(9, '0')}`;

/** Writes one output stream's `docker logs --timestamps` entries as CRI lines. */
function pipeEntries(from: Readable, stream: LogStream, out: WriteStream, after: bigint): Promise<void> {
  let pending = '';
  const write = (entry: string) => {
    const split = splitDockerTimestamp(entry);
    if (!split) return;
    if (rfc3339ToNanos(split.time) <= after) return;
    out.write(formatCriLine(split.time, stream, split.content));
  };
  return new Promise((resolve) => {
    from.setEncoding('utf8');
    from.on('data', (chunk: string) => {
      const lines = (pending + chunk).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) write(line);
    });
    from.on('end', () => {
      if (pending) write(pending);
      resolve();
    });
    from.on('error', () => resolve());
  });
}

/** The copies of container output into CRI log files, one per started container. */
export class ContainerLogs {
  private readonly copies = new Map<string, Copy>();

  constructor(
    private readonly docker: Docker,
    private readonly log: Logger,
  ) {}

  /** Starts copying a container's output to `path` (idempotent while a copy runs); setup failures reject. */
  async follow(id: string, path: string): Promise<void> {
    if (!path || this.copies.has(id)) return;
    // Registered before the first await, so concurrent calls (start, resume) copy once.
    const setup = this.start(id, path);
    const done = setup.then((s) => s.copied, () => undefined).finally(() => this.copies.delete(id));
    this.copies.set(id, { setup, done });
    await setup;
  }

  /** Lets a copy drain (the container has stopped), then drops it. */
  async forget(id: string): Promise<void> {
    const copy = this.copies.get(id);
    if (!copy) return;
    const drained = await Promise.race([copy.done.then(() => true), new Promise<boolean>((r) => setTimeout(r, DRAIN_MS, false).unref())]);
    if (!drained) await destroySource(copy);
    await copy.done;
  }

  isCopying(id: string): boolean {
    return this.copies.has(id);
  }

  async stopAll(): Promise<void> {
    const copies = [...this.copies.values()];
    await Promise.all(copies.map(destroySource));
    await Promise.all(copies.map((c) => c.done));
  }

  private async start(id: string, path: string): Promise<{ from: Readable; copied: Promise<void> }> {
    await mkdir(dirname(path), { recursive: true });
    const after = await lastLogTime(path);
    const container = this.docker.getContainer(id);
    const tty = (await container.inspect()).Config.Tty;
    const from = (await container.logs({
      follow: true,
      stdout: true,
      stderr: true,
      timestamps: true,
      ...(after > 0n ? { since: sinceParam(after) as unknown as number } : {}),
    })) as unknown as Readable;
    const out = createWriteStream(path, { flags: 'a' });
    const copied = this.copy(from, tty, out, after).finally(() => out.end());
    return { from, copied };
  }

  private async copy(source: Readable, tty: boolean, out: WriteStream, after: bigint): Promise<void> {
    if (tty) return pipeEntries(source, 'stdout', out, after);
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    this.docker.modem.demuxStream(source, stdout, stderr);
    const ended = () => {
      stdout.end();
      stderr.end();
    };
    source.on('end', ended);
    source.on('close', ended);
    source.on('error', (err) => {
      this.log.warn({ err: err.message }, 'container log copy failed');
      ended();
    });
    await Promise.all([pipeEntries(stdout, 'stdout', out, after), pipeEntries(stderr, 'stderr', out, after)]);
  }
}
