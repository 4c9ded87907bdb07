// Kubeling's ContainerLogs RPC: the lines of a container's CRI log file, from the start or
// the tail, optionally following new lines until the container has stopped and its log
// copy has drained, or the client goes away.
import { open } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ContainerLogsRequest, ContainerLogsResponse } from '@kubeling/proto/cri';
import { parseCriLine } from './log-format.js';

const POLL_MS = 250;

export interface LogSource {
  path: string;
  /** True while more lines may come (the container runs or its copy drains). */
  live(): Promise<boolean>;
}

const toResponse = (line: string): ContainerLogsResponse | undefined => {
  const p = parseCriLine(line);
  return p && { timestamp: p.timestamp, stream: p.stream, log: Buffer.from(p.content), partial: p.partial };
};

/** Yields the log's entries as the request asks; stops early when `signal` aborts. */
export async function* streamLogs(source: LogSource, req: ContainerLogsRequest, signal: AbortSignal): AsyncGenerator<ContainerLogsResponse> {
  const file = await open(source.path, 'r').catch(() => undefined);
  if (!file) return;
  try {
    let offset = 0;
    let pending = '';
    const readNew = async (): Promise<ContainerLogsResponse[]> => {
      const { size } = await file.stat();
      if (size <= offset) return [];
      const buf = Buffer.alloc(size - offset);
      const { bytesRead } = await file.read(buf, 0, buf.length, offset);
      offset += bytesRead;
      const lines = (pending + buf.subarray(0, bytesRead).toString('utf8')).split('\n');
      pending = lines.pop() ?? '';
      return lines.map(toResponse).filter((r): r is ContainerLogsResponse => !!r && (req.sinceTime <= 0n || r.timestamp >= req.sinceTime));
    };
    const first = await readNew();
    yield* req.tailLines > 0n ? first.slice(-Number(req.tailLines)) : first;
    while (req.follow && !signal.aborted) {
      const live = await source.live();
      const more = await readNew();
      yield* more;
      if (!live && more.length === 0) return;
      await sleep(POLL_MS, undefined, { signal }).catch(() => undefined);
    }
  } finally {
    await file.close();
  }
}
