import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** A process Kubeling runs: its entry script (run as its own process, never imported). */
export interface Component {
  name: string;
  entry: string;
}

/** Every component, in start order (stop goes in reverse). Later issues add theirs here. */
export const COMPONENTS: readonly Component[] = [{ name: 'store', entry: 'services/store/src/main.ts' }];

export function component(name: string): Component | undefined {
  return COMPONENTS.find((c) => c.name === name);
}

/** node arguments that run a component's TypeScript entry, wherever the CLI is started from. */
export function nodeArgs(c: Component, args: string[]): string[] {
  return ['--import', import.meta.resolve('tsx'), resolve(repoRoot, c.entry), ...args];
}
