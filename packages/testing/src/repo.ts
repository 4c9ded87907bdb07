import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, for locating a component's entry point to run as a process. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** node arguments that run a TypeScript entry point (tsx loader resolved absolutely, so cwd does not matter). */
export function tsEntryArgs(entry: string): string[] {
  return ['--import', import.meta.resolve('tsx'), resolve(repoRoot, entry)];
}
