// Cluster components as child processes for cross-process tests and benchmarks: each runs
// its TypeScript entry point with the admin kubeconfig, logs to a file in the apiserver's
// data folder, and is ended by its pid only.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ManagedProcess } from './managed-process.js';
import { tsEntryArgs } from './repo.js';
import { waitFor } from './wait-for.js';

export interface ComponentOptions {
  /** The admin kubeconfig the component talks to the apiserver with. */
  kubeconfig: string;
  /** Where its log goes. */
  logFile: string;
  /** More flags for the component. */
  args?: string[];
  /** Flags for node itself (--cpu-prof, ...). */
  nodeArgs?: string[];
}

export interface Component {
  process: ManagedProcess;
  logFile: string;
}

const ENTRIES = {
  scheduler: 'services/scheduler/src/main.ts',
  'controller-manager': 'services/controller-manager/src/main.ts',
  'hollow-node': 'services/kubelet/src/hollow/main.ts',
} as const;

export type ComponentName = keyof typeof ENTRIES;

export function startComponent(name: ComponentName, options: ComponentOptions): Component {
  const process_ = new ManagedProcess({
    command: process.execPath,
    args: ['--max-semi-space-size=32', ...(options.nodeArgs ?? []), ...tsEntryArgs(ENTRIES[name]), '--kubeconfig', options.kubeconfig, ...(options.args ?? [])],
    logFile: options.logFile,
  });
  return { process: process_, logFile: options.logFile };
}

/** A component's log file next to the apiserver's data: `<dataDir>/<name>.log`. */
export const componentLog = (dataDir: string, name: string) => join(dataDir, `${name}.log`);

/** Waits for a JSON log line with this msg ("caches synced", "started leading"), failing early when the process dies. */
export async function waitForLog(component: Component, msg: string, timeoutMs = 60_000): Promise<void> {
  await waitFor(
    () => {
      if (!component.process.running) throw new Error(`${component.logFile}: the process exited`);
      return readFileSync(component.logFile, 'utf8').includes(`"msg":"${msg}"`);
    },
    { timeoutMs, intervalMs: 200, what: `"${msg}" in ${component.logFile}` },
  );
}
