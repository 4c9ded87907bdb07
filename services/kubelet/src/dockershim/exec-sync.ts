import { PassThrough, type Readable } from 'node:stream';
import { status as GrpcCode } from '@grpc/grpc-js';
import type Docker from 'dockerode';
import type { ExecSyncResponse } from '@kubeling/proto/cri';
import { CriError, invalidArgument } from './errors.js';

/** CRI caps each captured stream at 16 MiB (CVE-2022-1708); the rest is discarded. */
export const EXEC_OUTPUT_CAP = 16 * 1024 * 1024;

/** Collects a stream's bytes up to the cap. */
function capture(stream: Readable): () => Buffer {
  const chunks: Buffer[] = [];
  let size = 0;
  stream.on('data', (chunk: Buffer) => {
    const room = EXEC_OUTPUT_CAP - size;
    if (room <= 0) return;
    const kept = chunk.length > room ? chunk.subarray(0, room) : chunk;
    chunks.push(kept);
    size += kept.length;
  });
  return () => Buffer.concat(chunks);
}

/**
 * `docker exec` of `cmd` in a running container: its stdout, stderr and exit code. With a
 * timeout (seconds) the call fails with DeadlineExceeded when the command has not finished
 * (Docker cannot kill an exec; the process is left to end on its own).
 */
export async function execSync(container: Docker.Container, cmd: string[], timeoutSeconds: number): Promise<ExecSyncResponse> {
  if (cmd.length === 0) throw invalidArgument('exec needs a command');
  const exec = await container.exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true, AttachStdin: false, Tty: false });
  const stream = (await exec.start({ hijack: true, stdin: false })) as unknown as Readable;
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out = capture(stdout);
  const err = capture(stderr);
  container.modem.demuxStream(stream, stdout, stderr);
  const finished = new Promise<void>((resolve, reject) => {
    stream.on('end', resolve);
    stream.on('close', resolve);
    stream.on('error', reject);
  });
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    if (timeoutSeconds > 0) {
      timer = setTimeout(() => reject(new CriError(GrpcCode.DEADLINE_EXCEEDED, `command ${JSON.stringify(cmd)} timed out after ${timeoutSeconds}s`)), timeoutSeconds * 1000);
    }
  });
  try {
    await Promise.race([finished, timedOut]);
  } finally {
    clearTimeout(timer);
    if (timer) stream.destroy();
  }
  return { stdout: out(), stderr: err(), exitCode: await exitCodeOf(exec) };
}

/** The exec's exit code; Docker may report it a moment after the output ends. */
async function exitCodeOf(exec: Docker.Exec): Promise<number> {
  for (let i = 0; ; i++) {
    const info = await exec.inspect();
    if (!info.Running || i >= 20) return info.ExitCode ?? 0;
    await new Promise((r) => setTimeout(r, 50));
  }
}
