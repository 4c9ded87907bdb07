import { execFile } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, for locating a component's entry point to run as a process. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** node arguments that run a TypeScript entry point (tsx loader resolved absolutely, so cwd does not matter). */
export function tsEntryArgs(entry: string): string[] {
  return ['--import', import.meta.resolve('tsx'), resolve(repoRoot, entry)];
}

/** Runs a TypeScript entry point to its end (killed after 60 s): its exit code and stderr, for command-line tests. */
export function runEntry(entry: string, args: readonly string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [...tsEntryArgs(entry), ...args], { timeout: 60_000 }, (error, _stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: unknown }).code ?? 1) : 0, stderr: stderr.toString() });
    });
  });
}
