// CRI's container log format, one line per log entry:
//   <RFC3339Nano time> <stdout|stderr> <P|F> <content>
// F marks a full line, P a partial one that continues in the next entry.
import { rfc3339ToNanos } from './timestamps.js';

export type LogStream = 'stdout' | 'stderr';

export interface CriLogLine {
  time: string;
  timestamp: bigint;
  stream: LogStream;
  partial: boolean;
  content: string;
}

export const formatCriLine = (time: string, stream: LogStream, content: string, partial = false) => `${time} ${stream} ${partial ? 'P' : 'F'} ${content}\n`;

const LINE = /^(\S+) (stdout|stderr) ([PF])(?: (.*))?$/s;

/** One line of a CRI log file (without its newline); undefined when it is not one. */
export function parseCriLine(line: string): CriLogLine | undefined {
  const m = LINE.exec(line);
  if (!m) return undefined;
  return { time: m[1]!, timestamp: rfc3339ToNanos(m[1]), stream: m[2] as LogStream, partial: m[3] === 'P', content: m[4] ?? '' };
}

/**
 * Splits a `docker logs --timestamps` entry ("<RFC3339Nano> <content>") into its time and
 * content; undefined when the entry has no timestamp.
 */
export function splitDockerTimestamp(entry: string): { time: string; content: string } | undefined {
  const space = entry.indexOf(' ');
  const time = space > 0 ? entry.slice(0, space) : entry;
  if (rfc3339ToNanos(time) === 0n) return undefined;
  return { time, content: space > 0 ? entry.slice(space + 1) : '' };
}
